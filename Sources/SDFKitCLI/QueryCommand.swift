import ArgumentParser
import SDFKit

extension SignMode: ExpressibleByArgument {}

/// `sdfkit query SOURCE POINTS.npy -o OUT.npy`: signed distances at points, streamed in chunks.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate the signed distance (negative inside) at the points of an (N, 3) float32 .npy file.")

    @Argument(help: "Distance source: a mesh file in any format Assimp reads.")
    var source: String

    @Argument(help: "Query points: a NumPy .npy float32 array of shape (N, 3).")
    var points: String

    @Option(name: .shortAndLong, help: "Output .npy file: float32, shape (N,).")
    var output: String

    @Option(help: "Sign rule for meshes: auto, winding or pseudonormal.")
    var sign: SignMode = .auto

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    /// Points per streamed chunk.
    static let chunk = 1 << 20
    /// Points at most used to estimate the sign confidence.
    static let confidenceSamples = 100_000

    struct Report: Encodable {
        var source: String
        var output: String
        var points: Int
        var nonFinitePoints: Int
        var loadSeconds: Double
        var querySeconds: Double
        var queriesPerSecond: Double
        var sign: String?
        var signConfidence: SignConfidence?
        var ambiguousFraction: Double?
    }

    func run() throws {
        try AtomicFile.checkWritable(output)
        let reader = try NPYReader(path: points)
        try reader.require(columns: 3)
        let loadStart = monotonicSeconds()
        let field = try FieldLoader.load(source, meshSign: sign)
        let loadSeconds = monotonicSeconds() - loadStart
        let count = reader.header.rowCount
        let stride = Swift.max(1, count / Self.confidenceSamples)
        var confidencePoints: [SIMD3<Float>] = []
        var nonFinite = 0
        var querySeconds = 0.0
        let progress = ProgressLine()
        var buffer = [SIMD3<Float>](repeating: .zero, count: Swift.min(Self.chunk, Swift.max(count, 1)))
        var values = [Float](repeating: 0, count: buffer.count)
        try NPYWriter.write(to: output, shape: [count]) { append in
            var done = 0
            while done < count {
                let rows = try buffer.withUnsafeMutableBufferPointer { try reader.readPoints(into: $0) }
                let start = monotonicSeconds()
                buffer.withUnsafeBufferPointer { p in
                    values.withUnsafeMutableBufferPointer { v in
                        let points = UnsafeBufferPointer(rebasing: p[0..<rows])
                        let out = UnsafeMutableBufferPointer(rebasing: v[0..<rows])
                        // Meshes evaluate whole chunks in spatial order (much faster than 4096-point blocks).
                        if let mesh = field as? MeshDistanceField {
                            mesh.signedDistances(at: points, into: out)
                        } else {
                            field.evaluateInParallel(points, into: out)
                        }
                    }
                }
                querySeconds += monotonicSeconds() - start
                for i in 0..<rows where !buffer[i].isFinite {
                    values[i] = .nan
                    nonFinite += 1
                }
                for i in Swift.stride(from: (stride - done % stride) % stride, to: rows, by: stride) {
                    confidencePoints.append(buffer[i])
                }
                try values.withUnsafeBufferPointer { try append(UnsafeBufferPointer(rebasing: $0[0..<rows])) }
                done += rows
                progress.update("query: \(done)/\(count) points")
            }
        }
        progress.finish()
        let mesh = field as? MeshDistanceField
        let confidence = mesh?.signConfidence(samples: confidencePoints)
        let report = Report(
            source: source, output: output, points: count, nonFinitePoints: nonFinite,
            loadSeconds: loadSeconds, querySeconds: querySeconds,
            queriesPerSecond: querySeconds > 0 ? Double(count) / querySeconds : 0,
            sign: mesh?.sign.rawValue, signConfidence: confidence,
            ambiguousFraction: confidence?.ambiguousFraction)
        if json {
            try JSONOutput.print(report)
        } else {
            print(report.text)
        }
    }
}

extension QueryCommand.Report {
    var text: String {
        var line = "wrote \(output): \(points) distances in \(formatSeconds(querySeconds)) "
            + "(\(formatRate(queriesPerSecond)) queries/s; load \(formatSeconds(loadSeconds)))"
        if nonFinitePoints > 0 { line += "; \(nonFinitePoints) non-finite points gave NaN" }
        if let sign, let signConfidence {
            line += "\nsign: \(sign); ambiguous winding number on \(formatPercent(signConfidence.ambiguousFraction)) "
                + "of \(signConfidence.samples) sampled points"
        }
        return line
    }
}

func formatRate(_ r: Double) -> String {
    r >= 1e6 ? "\(Double(Int(r / 1e4)) / 100)M" : r >= 1e3 ? "\(Double(Int(r / 10)) / 100)k" : "\(Int(r))"
}

func formatPercent(_ f: Double) -> String { "\(Double(Int((f * 1e4).rounded())) / 100) %" }
