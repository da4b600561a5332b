import ArgumentParser
import SDFKit

/// `sdfkit extract SOURCE --res N -o OUT`: marching tetrahedra on the simplex lattice.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the zero level set of a field (mesh, .sdfnet model or scene .json) as a closed mesh.",
        discussion: """
            The field's bounds are padded by 2/N of their longest side; the simplex lattice then has \
            N lattice units along the longest padded side (edges of √3/2 and 1 unit). Only blocks \
            that may contain the surface are evaluated; for a .sdfnet model the surface is traced \
            cell by cell from seeds in those blocks, evaluating only the corners of crossed cells.
            """)

    @Argument(help: "A mesh file (remeshed through its exact distance), a .sdfnet model or a scene .json.")
    var source: String

    @Option(name: [.customLong("res")], help: "Lattice units along the longest side of the padded bounds.")
    var resolution: Int

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output mesh (.obj, .ply, .stl or .glb).")
    var output: String

    @Option(help: "Simplify with this maximum error, in model units (meshoptimizer).")
    var simplify: Float?

    @Option(name: .customLong("target-triangles"), help: "Simplify down to at most this many triangles.")
    var targetTriangles: Int?

    @Flag(help: "Move vertices onto the zero level with a Newton step along the gradient.")
    var project = false

    @Flag(help: "Evaluate every block of the box instead of only those near the surface.")
    var dense = false

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    /// Wall-clock seconds of each stage of the command.
    struct Timings: Encodable {
        var load = 0.0
        var selection = 0.0
        var meshing = 0.0
        var welding = 0.0
        var projection = 0.0
        var simplification = 0.0
        var diagnostics = 0.0
        var writing = 0.0
    }

    struct Report: Encodable {
        var source: String
        var output: String
        var resolution: Int
        var cellSize: Float
        var vertices: Int
        var triangles: Int
        var closed: Bool
        var manifold: Bool
        var consistentlyOriented: Bool
        var extractedTriangles: Int
        var simplificationError: Float?
        var simplificationAttempts: Int?
        var simplificationFrozenTriangles: Int?
        var simplificationKeptInput: Bool?
        var fieldEvaluations: Int
        var blocksMeshed: Int
        var blocksInBox: Int
        var extractionSeconds: Double
        var seconds: Double
        var timings: Timings
        var peakMemoryMiB: Double
        var warnings: [String]
    }

    func run() throws {
        let start = monotonicSeconds()
        let extractor = MarchingTetrahedra(resolution: resolution, sparse: !dense, projectToSurface: project)
        try extractor.validateResolution()
        if let simplify, !(simplify >= 0 && simplify.isFinite) {
            throw SDFError("--simplify must be a non-negative number of model units")
        }
        if let targetTriangles, targetTriangles <= 0 {
            throw SDFError("--target-triangles must be positive")
        }
        try MeshExporter.checkDestination(output)
        var timings = Timings()
        let field = try FieldLoader.load(source)
        try extractor.checkResources(bounds: field.bounds)
        timings.load = monotonicSeconds() - start

        let progress = ProgressLine()
        let extraction = try extractor.extract(field) { progress.update("extract: \($0)") }
        let statistics = extraction.statistics
        timings.selection = statistics.selectionSeconds
        timings.meshing = statistics.meshingSeconds
        timings.welding = statistics.weldingSeconds
        timings.projection = statistics.projectionSeconds
        var mesh = extraction.mesh
        var warnings: [String] = []
        if mesh.isEmpty {
            warnings.append("no surface inside the padded bounds; the mesh is empty")
        }
        if statistics.surfaceReachesBox {
            warnings.append("the field is inside beyond its bounds; the mesh is closed along the padded box")
        }
        var simplification: MeshSimplifier.Result?
        if simplify != nil || targetTriangles != nil {
            progress.update("simplifying \(mesh.triangleCount) triangles")
            let simplifyStart = monotonicSeconds()
            let result = try MeshSimplifier.simplify(
                mesh, maximumError: simplify, targetTriangleCount: targetTriangles)
            if result.keptInput {
                warnings.append("every simplification attempt folded the surface "
                                + "(\(result.attempts) attempts); the mesh is not simplified")
            } else if result.frozenTriangles > 0 {
                warnings.append("kept \(result.frozenTriangles) triangles unsimplified around folds "
                                + "that simplification made (\(result.attempts) attempts)")
            }
            mesh = result.mesh
            simplification = result
            timings.simplification = monotonicSeconds() - simplifyStart
        }
        progress.update("writing \(output)")
        let written = try MeshExporter.writeChecking(mesh, to: output)
        let edgeUse = written.edgeUse
        timings.diagnostics = written.checkSeconds
        timings.writing = written.writeSeconds
        progress.finish()

        let report = Report(
            source: source, output: output, resolution: resolution, cellSize: statistics.cellSize,
            vertices: mesh.vertexCount, triangles: mesh.triangleCount,
            closed: mesh.isEmpty || edgeUse.isClosed,
            manifold: edgeUse.nonManifoldEdges == 0,
            consistentlyOriented: edgeUse.isConsistentlyOriented,
            extractedTriangles: extraction.mesh.triangleCount,
            simplificationError: simplification?.error,
            simplificationAttempts: simplification?.attempts,
            simplificationFrozenTriangles: simplification?.frozenTriangles,
            simplificationKeptInput: simplification?.keptInput,
            fieldEvaluations: statistics.fieldEvaluations, blocksMeshed: statistics.blocksMeshed,
            blocksInBox: statistics.blocksInBox, extractionSeconds: statistics.seconds,
            seconds: monotonicSeconds() - start, timings: timings,
            peakMemoryMiB: MachineDescription.peakResidentMiB(), warnings: warnings)
        if json {
            try JSONOutput.print(report)
        } else {
            for warning in warnings { printWarning("\(source): \(warning)") }
            print(summary(report))
        }
    }

    private func summary(_ r: Report) -> String {
        let shape = [r.closed ? "closed" : "NOT closed", r.manifold ? "manifold" : "NOT manifold",
                     r.consistentlyOriented ? "oriented" : "NOT consistently oriented"]
        var lines = ["wrote \(r.output): \(r.vertices) vertices, \(r.triangles) triangles, "
                     + shape.joined(separator: ", ")]
        if r.simplificationKeptInput == true {
            lines.append("not simplified: every attempt broke watertightness")
        } else if let error = r.simplificationError {
            lines.append("simplified from \(r.extractedTriangles) triangles, error \(error) model units"
                         + ((r.simplificationFrozenTriangles ?? 0) > 0
                            ? " (\(r.simplificationFrozenTriangles!) kept unsimplified around folds)" : ""))
        }
        lines.append("res \(r.resolution) (cell \(r.cellSize)): \(r.blocksMeshed) of \(r.blocksInBox) blocks, "
                     + "\(r.fieldEvaluations) field values, extraction \(formatSeconds(r.extractionSeconds)), "
                     + "total \(formatSeconds(r.seconds)), peak \(Int(r.peakMemoryMiB.rounded())) MiB")
        let t = r.timings
        let stages = [("load", t.load), ("selection", t.selection), ("meshing", t.meshing),
                      ("welding", t.welding), ("projection", t.projection),
                      ("simplification", t.simplification), ("check", t.diagnostics), ("write", t.writing)]
        lines.append("stages: " + stages.filter { $0.1 > 0 }.map { "\($0.0) \(formatSeconds($0.1))" }
            .joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
