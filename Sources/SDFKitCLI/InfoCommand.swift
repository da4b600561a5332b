import ArgumentParser
import SDFKit

/// `sdfkit info MESH`: format, counts, bounds, area, volume and diagnostics of a mesh file.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Import a mesh and report its counts, bounds, area, volume and diagnostics.")

    @Argument(help: "Mesh file in any format Assimp reads.")
    var mesh: String

    @Option(name: .customLong("weld-tolerance"), help: "Weld distance relative to the bounding-box diagonal.")
    var weldTolerance: Float = MeshImporter.defaultWeldTolerance

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        try WeldToleranceOption.validate(weldTolerance)
        let progress = ProgressLine()
        defer { progress.finish() }  // also on errors, before the `error:` line
        progress.update("importing \(mesh)…")
        let imported = try MeshImporter.load(mesh, weldTolerance: weldTolerance)
        let report = MeshReport(imported)
        progress.finish()
        if json {
            try JSONOutput.print(report)
        } else {
            for warning in imported.warnings { printWarning("\(mesh): \(warning)") }
            print(report.text)
        }
    }
}

/// Validation shared by the commands that import meshes.
enum WeldToleranceOption {
    static func validate(_ value: Float) throws {
        guard value.isFinite, value >= 0, value < 1 else {
            throw SDFError("--weld-tolerance must be in [0, 1), got \(value)")
        }
    }
}

/// What `info` reports, as JSON and as text.
struct MeshReport: Encodable {
    var path: String
    var format: String
    var vertices: Int
    var triangles: Int
    var sourceVertices: Int
    var sourceTriangles: Int
    var removedDegenerateTriangles: Int
    var droppedPrimitives: Int
    var bounds: AABB
    var diagonal: Float
    var surfaceArea: Double
    var volume: Double
    var diagnostics: MeshDiagnostics
    var warnings: [String]

    init(_ imported: MeshImport) {
        let mesh = imported.mesh
        path = imported.path
        format = imported.format
        vertices = mesh.vertexCount
        triangles = mesh.triangleCount
        sourceVertices = imported.sourceVertexCount
        sourceTriangles = imported.sourceTriangleCount
        removedDegenerateTriangles = imported.removedDegenerateTriangles
        droppedPrimitives = imported.droppedPrimitives
        bounds = mesh.bounds
        diagonal = bounds.diagonal
        surfaceArea = mesh.surfaceArea
        volume = mesh.signedVolume
        diagnostics = imported.diagnostics
        warnings = imported.warnings
    }

    var text: String {
        let d = diagnostics
        func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }
        func point(_ p: SIMD3<Float>) -> String { "(\(p.x), \(p.y), \(p.z))" }
        let genus = d.genus.map { ", genus \($0)" } ?? ""
        return """
            \(path) (\(format))
              vertices       \(vertices) (\(sourceVertices) before welding)
              triangles      \(triangles) (\(sourceTriangles) imported, \(removedDegenerateTriangles) degenerate removed, \(droppedPrimitives) points/lines dropped)
              bounds         \(point(bounds.min)) to \(point(bounds.max)), diagonal \(diagonal)
              surface area   \(surfaceArea)
              volume         \(volume)\(d.isClosed ? "" : " (mesh is open: not a true volume)")
              components     \(d.components)
              edges          \(d.edgeCount): \(d.boundaryEdges) boundary, \(d.nonManifoldEdges) non-manifold, \(d.inconsistentlyOrientedEdges) inconsistently oriented
              faces          \(d.degenerateTriangles) degenerate, \(d.duplicateTriangles) duplicate
              vertices       \(d.unreferencedVertices) unreferenced, Euler characteristic \(d.eulerCharacteristic)
              closed         \(yes(d.isClosed)), consistently oriented \(yes(d.isConsistentlyOriented)), watertight \(yes(d.isWatertight))\(genus)
            """
    }
}
