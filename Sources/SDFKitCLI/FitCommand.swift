import ArgumentParser
import Foundation
import SDFKit

extension EncodingLattice: ExpressibleByArgument {}
extension LossFunction: ExpressibleByArgument {}
extension TablePrecision: ExpressibleByArgument {}

/// `sdfkit fit MESH`: trains a neural SDF on exact mesh distances and writes a `.sdfnet` model.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a neural SDF (hash encoding on a simplex lattice + MLP) to a mesh.",
        discussion: "Writes the model atomically (default: the mesh's name with extension .sdfnet), then reports IoU and near-surface error against the exact mesh distance.")

    @Argument(help: "Mesh file in any format Assimp reads.")
    var mesh: String

    @Option(name: .shortAndLong, help: "Output model file (default: MESH with extension .sdfnet).")
    var output: String?

    @Option(help: "Train for this many seconds (default 60 when --steps is not given).")
    var seconds: Double?

    @Option(help: "Train for this many steps (deterministic for a seed and thread count).")
    var steps: Int?

    @Option(help: "Interpolation lattice: simplex or grid.")
    var encoding: EncodingLattice = .simplex

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Hash encoding levels.")
    var levels = HashEncodingConfiguration().levels

    @Option(name: .customLong("log2-table-size"), help: "log2 of the hash table entries per level.")
    var log2TableSize = HashEncodingConfiguration().log2TableSize

    @Option(help: "Features per level (1, 2, 4 or 8).")
    var features = HashEncodingConfiguration().featuresPerLevel

    @Option(name: .customLong("min-resolution"), help: "Coarsest grid-equivalent resolution.")
    var minResolution = HashEncodingConfiguration().minResolution

    @Option(name: .customLong("max-resolution"), help: "Finest grid-equivalent resolution.")
    var maxResolution = HashEncodingConfiguration().maxResolution

    @Option(help: "Table storage precision: float16 or float32.")
    var precision: TablePrecision = .float16

    @Option(help: "MLP hidden-layer width (a multiple of 16).")
    var width = NetworkConfiguration().width

    @Option(help: "MLP hidden layers.")
    var depth = NetworkConfiguration().hiddenLayers

    @Option(name: .customLong("batch-size"), help: "Samples per step (a multiple of 256).")
    var batchSize = TrainingConfiguration().batchSize

    @Option(help: "Initial learning rate.")
    var lr = TrainingConfiguration().learningRate

    @Option(help: "Loss: mape or l1.")
    var loss: LossFunction = .mape

    @Option(name: .customLong("eval-points"), help: "Uniform points for the final IoU.")
    var evalPoints = 1_000_000

    @Flag(help: "Also write a loss-curve PNG next to the model (MODEL-loss.png; the loss about four times a second).")
    var plot = false

    @Option(name: .customLong("dense-grid"), help: "Instead of a network, sample exact distances on an N³ grid (the baseline) and report its quality; writes no model.")
    var denseGrid: Int?

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let configuration = try trainingConfiguration()
        let budget = try budgetSeconds()
        guard evalPoints >= 0, evalPoints <= 100_000_000 else {
            throw SDFError("--eval-points must be in 0…10^8, got \(evalPoints)")
        }
        let outputPath = output ?? (mesh as NSString).deletingPathExtension + ".sdfnet"
        try AtomicFile.checkWritable(outputPath)
        let plotPath = plot ? (outputPath as NSString).deletingPathExtension + "-loss.png" : nil
        if let plotPath { try AtomicFile.checkWritable(plotPath) }

        let imported = try MeshImporter.load(mesh)
        var warnings = imported.warnings
        let field = try MeshDistanceField(mesh: imported.mesh)
        let source = try MeshSampleSource(field: field)
        if let warning = signWarning(field, domain: source.domain) { warnings.append(warning) }
        if !json { for warning in warnings { printWarning("\(mesh): \(warning)") } }

        if let denseGrid {
            try reportDenseGrid(resolution: denseGrid, field: field, domain: source.domain)
            return
        }
        let cpuStart = processCPUSeconds()
        let trainer = try Trainer(configuration: configuration, source: source)
        let progress = ProgressLine()
        var sampledLosses: [Float] = []
        let run = trainer.train(steps: steps, seconds: budget) { p in
            sampledLosses.append(p.loss)
            progress.update(String(format: "step %d  loss %.5f  %.2fM samples/s  ETA %.0fs",
                                   p.step, p.loss, p.samplesPerSecond / 1e6, p.secondsRemaining))
        }
        progress.finish()
        let cpuSeconds = processCPUSeconds() - cpuStart
        if let message = run.message {
            warnings.append(message)
            if !json { printWarning(message) }
        }
        let model = trainer.makeModel()
        try model.save(to: outputPath)
        if let plotPath {
            do {
                try LossCurvePlot.write(losses: sampledLosses + [run.finalLoss], to: plotPath)
            } catch {
                warnings.append("no loss curve written: \(error)")
                if !json { printWarning("no loss curve written: \(error)") }
            }
        }

        let near = nearSurfaceSamples(field)
        let quality = FitEvaluation.evaluate(model, against: field, box: field.bounds, uniformCount: evalPoints,
                                             nearSurfacePoints: near.points, nearSurfaceDistances: near.distances,
                                             seed: seed ^ 0xE7A1)
        let report = FitReport(mesh: mesh, output: outputPath, run: run, cpuSeconds: cpuSeconds, quality: quality,
                               modelBytes: try model.encodedSize(), parameters: model.parameters.count,
                               configuration: configuration, plot: plotPath, warnings: warnings)
        if json { try JSONOutput.print(report) } else { print(report.text) }
    }

    /// The dense-grid baseline: exact distances on `resolution³` points over the training domain.
    private func reportDenseGrid(resolution: Int, field: MeshDistanceField, domain: AABB) throws {
        let start = monotonicSeconds()
        let grid = try DenseDistanceGrid(sampling: field, box: domain, resolution: resolution)
        let seconds = monotonicSeconds() - start
        let near = nearSurfaceSamples(field)
        let quality = FitEvaluation.evaluate(grid, against: field, box: field.bounds, uniformCount: evalPoints,
                                             nearSurfacePoints: near.points, nearSurfaceDistances: near.distances,
                                             seed: seed ^ 0xE7A1)
        let report = DenseGridReport(mesh: mesh, resolution: resolution, bytes: grid.byteCount,
                                     seconds: seconds, quality: quality)
        if json {
            try JSONOutput.print(report)
        } else {
            print("""
                dense grid \(resolution)³ of exact distances (\(String(format: "%.2f", Double(grid.byteCount) / 1_048_576)) MiB), sampled in \(String(format: "%.1f", seconds)) s
                IoU (\(quality.uniformPoints) uniform points): \(String(format: "%.5f", quality.iou))
                near-surface |error| (\(quality.nearSurfacePoints) points): mean \(quality.nearSurfaceMeanError) (\(String(format: "%.2e", quality.nearSurfaceMeanErrorRelative)) of the diagonal), max \(quality.nearSurfaceMaxError)
                """)
        }
    }

    private func trainingConfiguration() throws -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.encoding.lattice = encoding
        c.encoding.levels = levels
        c.encoding.log2TableSize = log2TableSize
        c.encoding.featuresPerLevel = features
        c.encoding.minResolution = minResolution
        c.encoding.maxResolution = maxResolution
        c.encoding.precision = precision
        c.network.width = width
        c.network.hiddenLayers = depth
        c.batchSize = batchSize
        c.learningRate = lr
        c.loss = loss
        c.seed = seed
        try c.validate()
        return c
    }

    /// The time budget: `--seconds`, or 60 s when neither budget is given.
    private func budgetSeconds() throws -> Double? {
        if seconds != nil && steps != nil {
            throw SDFError("give either --seconds or --steps, not both")
        }
        if let steps, steps < 1 || steps > 100_000_000 {
            throw SDFError("--steps must be in 1…10^8, got \(steps)")
        }
        if let seconds {
            guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw SDFError("--seconds must be in (0, 86400], got \(seconds)")
            }
            return seconds
        }
        return steps == nil ? 60 : nil
    }

    /// A warning when many points near the mesh have an ambiguous winding number (open or
    /// self-intersecting meshes): the sign of the training targets is unreliable there.
    private func signWarning(_ field: MeshDistanceField, domain: AABB) -> String? {
        var random = SplitMix64(seed: seed ^ 0x51C4)
        let points = (0..<4096).map { _ in domain.min + SIMD3(random.unit(), random.unit(), random.unit()) * domain.size }
        let confidence = field.signConfidence(samples: points)
        guard confidence.ambiguousFraction > 0.01 else { return nil }
        return String(format: "poor sign confidence: %.1f%% of sample points have an ambiguous winding number; the fit may have sign errors",
                      confidence.ambiguousFraction * 100)
    }

    /// Surface and near-surface points with exact distances, disjoint from the training seeds.
    private func nearSurfaceSamples(_ field: MeshDistanceField) -> (points: [SIMD3<Float>], distances: [Float]) {
        var layout = TrainingSampler.Configuration()
        layout.uniformShare = 0
        guard let sampler = try? TrainingSampler(field: field, configuration: layout) else { return ([], []) }
        return sampler.batch(size: 100_000, batch: 1, seed: seed ^ 0xE7A1_5EED)
    }
}

/// What `fit --dense-grid` reports.
struct DenseGridReport: Encodable {
    var mesh: String
    var resolution: Int
    var bytes: Int
    var seconds: Double
    var quality: FitQuality
}

/// What `fit` reports.
struct FitReport: Encodable {
    var mesh: String
    var output: String
    var run: TrainingRun
    /// Process CPU seconds of the training (pool filling included).
    var cpuSeconds: Double
    var quality: FitQuality
    var modelBytes: Int
    var parameters: Int
    var configuration: TrainingConfiguration
    /// The loss-curve PNG, with `--plot`.
    var plot: String?
    var warnings: [String]

    var text: String {
        let q = quality
        return """
            model: \(output) (\(String(format: "%.2f", Double(modelBytes) / 1_048_576)) MiB, \(parameters) parameters, \(configuration.encoding.lattice.rawValue) encoding)
            training: \(run.steps) steps in \(String(format: "%.1f", run.seconds)) s, \(String(format: "%.2f", run.samplesPerSecond / 1e6))M samples/s (\(String(format: "%.2f", Double(run.steps * configuration.batchSize) / max(cpuSeconds, 1e-9) / 1e6))M per CPU-second), final loss \(run.finalLoss)\(run.stop == .finished ? "" : " (stopped: \(run.stop.rawValue))")
            time per phase: sampling \(String(format: "%.1f", run.profile.sampling)) s, encoding + MLP \(String(format: "%.1f", run.profile.network)) s, table gradients + Adam \(String(format: "%.1f", run.profile.tables)) s
            IoU (\(q.uniformPoints) uniform points): \(String(format: "%.5f", q.iou))
            near-surface |error| (\(q.nearSurfacePoints) points): mean \(q.nearSurfaceMeanError) (\(String(format: "%.2e", q.nearSurfaceMeanErrorRelative)) of the diagonal), max \(q.nearSurfaceMaxError)
            """ + (plot.map { "\nloss curve: \($0)" } ?? "")
    }
}
