import ArgumentParser
import SDFKit

/// `sdfkit sample MESH -n N -o OUT.npy`: training samples (x, y, z, signed distance).
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write N training samples of a mesh's signed distance as an (N, 4) float32 .npy file (x, y, z, d).",
        discussion: """
            Samples come in batches of up to 262144 in instant-ngp's mix: 1/8 uniform in the box \
            padded by --padding, 4/8 on the surface (d = 0) and 3/8 on the surface plus logistic \
            noise; within a batch the three kinds are contiguous. The same seed gives the same file.
            """)

    @Argument(help: "Mesh file in any format Assimp reads.")
    var mesh: String

    @Option(name: .customShort("n"), help: "Number of samples.")
    var count: Int

    @Option(name: .shortAndLong, help: "Output .npy file: float32, shape (N, 4).")
    var output: String

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Sign rule: auto, winding or pseudonormal.")
    var sign: SignMode = .auto

    @Option(help: "Relative shares of uniform, surface and near-surface samples.")
    var mix: String = "1:4:3"

    @Option(name: .customLong("noise-scale"), help: "Near-surface noise deviation relative to the longest bounds side.")
    var noiseScale: Float = 8.46e-4

    @Option(help: "Padding of the uniform box relative to the longest bounds side.")
    var padding: Float = 0.05

    @Flag(name: .customLong("drop-ambiguous"), help: "Redraw samples whose winding number is ambiguous (in [0.2, 0.8]).")
    var dropAmbiguous = false

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    static let batchSize = 1 << 18

    struct Report: Encodable {
        var mesh: String
        var output: String
        var samples: Int
        var uniform: Int
        var surface: Int
        var nearSurface: Int
        var seed: UInt64
        var sign: String
        var buildSeconds: Double
        var sampleSeconds: Double
        var samplesPerSecond: Double
        var signConfidence: SignConfidence
        var ambiguousFraction: Double
        var diagnostics: MeshDiagnostics
    }

    func run() throws {
        guard count > 0 else { throw SDFError("-n must be positive, got \(count)") }
        let configuration = try samplerConfiguration()
        try AtomicFile.checkWritable(output)
        let buildStart = monotonicSeconds()
        let field = try FieldLoader.loadMeshField(mesh, sign: sign)
        let sampler = try TrainingSampler(field: field, configuration: configuration)
        let buildSeconds = monotonicSeconds() - buildStart
        var totals = (uniform: 0, surface: 0, nearSurface: 0)
        var confidencePoints: [SIMD3<Float>] = []
        let progress = ProgressLine()
        let start = monotonicSeconds()
        try NPYWriter.write(to: output, shape: [count, 4]) { append in
            var rows = [Float]()
            let batches = (count + Self.batchSize - 1) / Self.batchSize
            let confidencePerBatch = Swift.max(1, 100_000 / batches)
            for (batch, first) in stride(from: 0, to: count, by: Self.batchSize).enumerated() {
                let size = Swift.min(Self.batchSize, count - first)
                let (points, distances) = sampler.batch(size: size, batch: batch, seed: seed)
                let kinds = sampler.counts(batchSize: size)
                totals.uniform += kinds.uniform
                totals.surface += kinds.surface
                totals.nearSurface += kinds.nearSurface
                let offSurface = points[0..<kinds.uniform] + points[(kinds.uniform + kinds.surface)...]
                confidencePoints += offSurface.prefix(confidencePerBatch)
                rows.removeAll(keepingCapacity: true)
                for (p, d) in zip(points, distances) { rows += [p.x, p.y, p.z, d] }
                try rows.withUnsafeBufferPointer { try append($0) }
                progress.update("sample: \(first + size)/\(count)")
            }
        }
        progress.finish()
        let seconds = monotonicSeconds() - start
        let confidence = field.signConfidence(samples: confidencePoints)
        let report = Report(
            mesh: mesh, output: output, samples: count, uniform: totals.uniform, surface: totals.surface,
            nearSurface: totals.nearSurface, seed: seed, sign: field.sign.rawValue, buildSeconds: buildSeconds,
            sampleSeconds: seconds, samplesPerSecond: Double(count) / seconds, signConfidence: confidence,
            ambiguousFraction: confidence.ambiguousFraction, diagnostics: field.diagnostics)
        if json {
            try JSONOutput.print(report)
        } else {
            print("wrote \(output): \(count) samples (\(totals.uniform) uniform, \(totals.surface) surface, "
                + "\(totals.nearSurface) near) in \(formatSeconds(seconds)) (\(formatRate(report.samplesPerSecond)) samples/s; "
                + "build \(formatSeconds(buildSeconds)))\nsign: \(report.sign); ambiguous winding number on "
                + "\(formatPercent(confidence.ambiguousFraction)) of \(confidence.samples) off-surface samples")
        }
    }

    private func samplerConfiguration() throws -> TrainingSampler.Configuration {
        let shares = mix.split(separator: ":").map { Double($0) }
        guard shares.count == 3, shares.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }),
              shares.reduce(0, { $0 + $1! }) > 0 else {
            throw SDFError("--mix must be three non-negative shares like 1:4:3, got '\(mix)'")
        }
        guard noiseScale.isFinite, noiseScale >= 0 else { throw SDFError("--noise-scale must be non-negative, got \(noiseScale)") }
        guard padding.isFinite, padding >= 0 else { throw SDFError("--padding must be non-negative, got \(padding)") }
        var configuration = TrainingSampler.Configuration()
        configuration.uniformShare = shares[0]!
        configuration.surfaceShare = shares[1]!
        configuration.nearSurfaceShare = shares[2]!
        configuration.noiseScale = noiseScale
        configuration.padding = padding
        configuration.dropsAmbiguous = dropAmbiguous
        return configuration
    }
}
