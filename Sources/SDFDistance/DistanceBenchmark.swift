#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SDFGeometry

/// Throughput and accuracy of `MeshDistanceField` on one mesh: build time, then signed-distance
/// queries per second for uniform points in the padded box and for points near the surface
/// (instant-ngp's logistic noise), each checked against references on a subset.
public enum DistanceBenchmark {
    /// One measured kind of query point.
    public struct Row: Sendable, Codable {
        /// `uniform` or `near-surface`.
        public var kind: String
        public var triangles: Int
        /// The sign rule used.
        public var sign: String
        /// Seconds to build the field (BVH, winding-number expansions, pseudonormals).
        public var buildSeconds: Double
        public var points: Int
        /// Seconds for all `points` queries (both cores), without the build.
        public var querySeconds: Double
        public var queriesPerSecond: Double
        /// Queries per second counting the build too (how peers are usually quoted).
        public var queriesPerSecondWithBuild: Double
        /// Process CPU seconds (all threads) spent on the queries, and queries per CPU second:
        /// a figure that other jobs on a shared machine disturb much less than wall time.
        public var queryCPUSeconds: Double
        public var queriesPerCPUSecond: Double
        /// Points whose sign was compared with the exact winding number, and how many agreed.
        public var signChecked: Int
        public var signAgreed: Int
        /// Largest |computed − brute-force| distance over the checked points, relative to the
        /// bounding-box diagonal.
        public var maximumRelativeDistanceError: Double
    }

    /// The kinds of query point, in the order they run.
    public static let kinds = ["uniform", "near-surface"]

    /// Runs the benchmark on the `kinds` of point named (a subset of `DistanceBenchmark.kinds`).
    /// `checks` points of each kind are verified against the exact winding number and
    /// brute-force distances (O(triangles) each).
    public static func run(mesh: TriangleMesh, sign: SignMode = .auto, points: Int = 1_000_000,
                           checks: Int = 2_000, seed: UInt64 = 1, kinds: [String] = kinds) throws -> [Row] {
        for kind in kinds where !Self.kinds.contains(kind) {
            throw SDFError("unknown kind of point '\(kind)' (expected \(Self.kinds.joined(separator: " or ")))")
        }
        let start = monotonicSeconds()
        let field = try MeshDistanceField(mesh: mesh, sign: sign)
        let buildSeconds = monotonicSeconds() - start
        let sampler = try SurfaceSampler(mesh: mesh)
        let side = field.bounds.longestSide
        let box = field.bounds.padded(by: 0.05 * side)
        let sigma = 8.46e-4 * side * Float(3).squareRoot() / .pi
        var rows: [Row] = []
        for kind in kinds {
            var random = SplitMix64(seed: seed, stream: kind == "uniform" ? 1 : 2, index: 0)
            let queries: [SIMD3<Float>] = (0..<points).map { i in
                if kind == "uniform" {
                    return box.min + SIMD3(random.unit(), random.unit(), random.unit()) * box.size
                }
                let noise = SIMD3(random.logistic(), random.logistic(), random.logistic()) * sigma
                return sampler.sample(i, seed: seed).point + noise
            }
            var distances = [Float](repeating: 0, count: points)
            let queryStart = monotonicSeconds(), cpuStart = processCPUSeconds()
            queries.withUnsafeBufferPointer { p in
                distances.withUnsafeMutableBufferPointer { field.signedDistances(at: p, into: $0) }
            }
            let querySeconds = monotonicSeconds() - queryStart
            let cpuSeconds = processCPUSeconds() - cpuStart
            let check = verify(mesh: mesh, points: queries, distances: distances, count: Swift.min(checks, points))
            rows.append(Row(kind: kind, triangles: mesh.triangleCount, sign: field.sign.rawValue,
                            buildSeconds: buildSeconds, points: points, querySeconds: querySeconds,
                            queriesPerSecond: Double(points) / querySeconds,
                            queriesPerSecondWithBuild: Double(points) / (querySeconds + buildSeconds),
                            queryCPUSeconds: cpuSeconds, queriesPerCPUSecond: Double(points) / cpuSeconds,
                            signChecked: check.checked, signAgreed: check.agreed,
                            maximumRelativeDistanceError: check.error / Double(field.bounds.diagonal)))
        }
        return rows
    }

    /// Compares the first `count` results with the exact winding number and brute force.
    private static func verify(mesh: TriangleMesh, points: [SIMD3<Float>], distances: [Float],
                               count: Int) -> (checked: Int, agreed: Int, error: Double) {
        var agreed = [Int](repeating: 0, count: count), errors = [Double](repeating: 0, count: count)
        let stride = Swift.max(1, points.count / Swift.max(count, 1))
        agreed.withUnsafeMutableBufferPointer { a in
            errors.withUnsafeMutableBufferPointer { e in
                let agree = SendablePointer(a), error = SendablePointer(e)
                Parallelism.forEachChunk(count: count, minimumChunk: 1) { range, _ in
                    for i in range {
                        let p = points[i * stride], d = distances[i * stride]
                        let inside = exactWindingNumber(of: mesh, at: p) > 0.5
                        agree[i] = d == 0 || (d < 0) == inside ? 1 : 0
                        error[i] = abs(Double(abs(d)) - bruteForceDistance(mesh, p))
                    }
                }
            }
        }
        return (count, agreed.reduce(0, +), errors.max() ?? 0)
    }

    private static func bruteForceDistance(_ mesh: TriangleMesh, _ p: SIMD3<Float>) -> Double {
        let q = SIMD3<Double>(p)
        var best = Double.infinity
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            let closest = closestPointOnTriangle(q, SIMD3<Double>(a), SIMD3<Double>(b), SIMD3<Double>(c)).point
            best = Swift.min(best, ((q - closest) * (q - closest)).sum())
        }
        return best.squareRoot()
    }
}
