import ArgumentParser
import SDFKit

/// `sdfkit convert IN OUT`: import any mesh Assimp reads, write .obj, .ply, .stl or .glb.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a mesh (welded, degenerate triangles removed) to .obj, .ply, .stl or .glb.")

    @Argument(help: "Input mesh file in any format Assimp reads.")
    var input: String

    @Argument(help: "Output file; the extension picks the format (.obj, .ply, .stl, .glb).")
    var output: String

    @Option(name: .customLong("weld-tolerance"), help: "Weld distance relative to the bounding-box diagonal.")
    var weldTolerance: Float = MeshImporter.defaultWeldTolerance

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    struct Report: Encodable {
        var input: String
        var output: String
        var format: String
        var vertices: Int
        var triangles: Int
        var removedDegenerateTriangles: Int
        var droppedPrimitives: Int
        var warnings: [String]
    }

    func run() throws {
        try WeldToleranceOption.validate(weldTolerance)
        try MeshExporter.checkDestination(output)
        let progress = ProgressLine()
        defer { progress.finish() }  // also on errors, before the `error:` line
        progress.update("importing \(input)…")
        let imported = try MeshImporter.load(input, weldTolerance: weldTolerance)
        progress.update("writing \(output)…")
        try MeshExporter.write(imported.mesh, to: output)
        progress.finish()
        let report = Report(
            input: input, output: output, format: try MeshExporter.format(for: output).rawValue,
            vertices: imported.mesh.vertexCount, triangles: imported.mesh.triangleCount,
            removedDegenerateTriangles: imported.removedDegenerateTriangles,
            droppedPrimitives: imported.droppedPrimitives, warnings: imported.warnings)
        if json {
            try JSONOutput.print(report)
        } else {
            for warning in imported.warnings { printWarning("\(input): \(warning)") }
            print("wrote \(output): \(report.vertices) vertices, \(report.triangles) triangles")
        }
    }
}
