import ArgumentParser
import Foundation
import SDFKit

/// `sdfkit eval`: reconstruction metrics of a candidate against a reference.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Compare a candidate with a reference: Chamfer-L1/L2, Hausdorff, F-score, normal consistency, IoU.",
        discussion: """
            Two meshes: surface metrics from area-weighted samples on both, with exact \
            point-to-surface distances (BVH closest points), normalised by the reference's \
            bounding-box diagonal. Any two sources (mesh, .sdfnet, .json): inside/outside IoU on \
            uniform quasi-random samples in the reference's padded box and mean |Δd| within 1 % of \
            the diagonal of the reference surface.
            """)

    @Argument(help: "The reconstruction: a mesh file, a .sdfnet model or a .json scene.")
    var candidate: String

    @Argument(help: "The ground truth: a mesh file, a .sdfnet model or a .json scene.")
    var reference: String

    @Option(help: "Surface samples per mesh.")
    var samples = 100_000

    @Option(help: "F-score threshold in world units (default: 1 % of the reference diagonal).")
    var tau: Float?

    @Option(help: "Uniform samples for IoU and near-surface error (0 skips them).")
    var volumeSamples = 1_000_000

    @Option(help: "Seed of the surface samples.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object with every metric.")
    var json = false

    func validate() throws {
        guard (1...50_000_000).contains(samples) else { throw ValidationError("--samples must lie in 1 … 50000000") }
        guard (0...200_000_000).contains(volumeSamples) else {
            throw ValidationError("--volume-samples must lie in 0 … 200000000")
        }
        if let tau, !(tau.isFinite && tau > 0) { throw ValidationError("--tau must be a positive number") }
    }

    struct Report: Encodable {
        var candidate: String
        var reference: String
        var surface: SurfaceMetrics?
        var volume: VolumeMetrics?
        var seconds: Double
    }

    func run() throws {
        let start = monotonicSeconds()
        let candidateSource = try EvaluationSource(path: candidate)
        let referenceSource = try EvaluationSource(path: reference)
        if let ratio = MeshEvaluation.scaleMismatch(candidateSource.bounds, referenceSource.bounds) {
            printWarning("the inputs' sizes differ \(Int(ratio.rounded()))-fold (bounding-box diagonals): different units or normalisation? Metrics compare them as given")
        }
        var settings = EvaluationSettings()
        settings.surfaceSamples = samples
        settings.tau = tau
        settings.volumeSamples = volumeSamples
        settings.seed = seed
        var report = Report(candidate: candidate, reference: reference, seconds: 0)
        if let candidateMesh = candidateSource.mesh, let referenceMesh = referenceSource.mesh {
            report.surface = try MeshEvaluation.surfaceMetrics(candidate: candidateMesh, reference: referenceMesh,
                                                               settings: settings)
        } else if !json {
            printWarning("surface metrics need two meshes: extract the model first (sdfkit extract)")
        }
        if volumeSamples > 0 {
            report.volume = MeshEvaluation.volumeMetrics(candidate: try candidateSource.field(),
                                                         reference: try referenceSource.field(),
                                                         settings: settings)
        }
        report.seconds = monotonicSeconds() - start
        if json { try JSONOutput.print(report) } else { printTable(report) }
    }

    private func printTable(_ report: Report) {
        func number(_ value: Float) -> String { String(format: "%.6g", Double(value)) }
        print("candidate  \(report.candidate)")
        print("reference  \(report.reference)")
        if let s = report.surface {
            print("")
            print("| surface metric (\(s.samples) samples each way) | value | / diagonal \(number(s.referenceDiagonal)) |")
            print("|---|---|---|")
            print("| Chamfer-L1 ½(acc + comp) | \(number(s.chamferL1)) | \(number(s.normalizedChamferL1)) |")
            print("| Chamfer-L2 ½(acc² + comp²) | \(number(s.chamferL2)) | \(number(s.normalizedChamferL2)) (/ diag²) |")
            print("| accuracy (candidate → reference) | \(number(s.accuracy)) | \(number(s.accuracy / s.referenceDiagonal)) |")
            print("| completeness (reference → candidate) | \(number(s.completeness)) | \(number(s.completeness / s.referenceDiagonal)) |")
            print("| Hausdorff (sampled) | \(number(s.hausdorff)) | \(number(s.normalizedHausdorff)) |")
            print("| F-score at τ = \(number(s.tau)) | \(number(s.fScore)) | P \(number(s.precision)), R \(number(s.recall)) |")
            print("| normal consistency | \(number(s.normalConsistency)) | |")
        }
        if let v = report.volume {
            print("")
            print("| volume metric (\(v.uniformSamples) uniform samples) | value |")
            print("|---|---|")
            print("| IoU (inside: value < 0) | \(number(v.iou)) |")
            print("| sign agreement | \(number(v.signAgreement)) |")
            print("| mean abs Δd, \(v.nearSurfaceSamples) samples within \(number(v.band)) | \(number(v.nearSurfaceMeanAbsoluteDifference)) (\(number(v.normalizedNearSurfaceMeanAbsoluteDifference)) of the diagonal) |")
        }
        print("")
        print("took \(formatSeconds(report.seconds))")
    }
}

/// One input of `eval`: a mesh (kept for surface metrics) or any other field.
private struct EvaluationSource {
    let path: String
    let mesh: TriangleMesh?
    private let loadedField: (any DistanceField)?

    init(path: String) throws {
        self.path = path
        if FieldLoader.isMesh(path) {
            let mesh = try FieldLoader.loadMesh(path)
            guard !mesh.isEmpty else { throw SDFError("the mesh has no triangles", path: path) }
            self.mesh = mesh
            loadedField = nil
        } else {
            mesh = nil
            loadedField = try FieldLoader.load(path)
        }
    }

    var bounds: AABB { mesh?.bounds ?? loadedField!.bounds }

    /// The input as a distance field (a mesh gets its exact distance field on demand).
    func field() throws -> any DistanceField {
        if let loadedField { return loadedField }
        return try MeshDistanceField(mesh: mesh!)
    }
}
