// The umbrella module: `import SDFKit` brings every stage of the pipeline.
@_exported import SDFGeometry
@_exported import SDFMeshIO
@_exported import SDFDistance
@_exported import SDFNeural
@_exported import SDFExtraction
@_exported import SDFModelling
@_exported import SDFRender
