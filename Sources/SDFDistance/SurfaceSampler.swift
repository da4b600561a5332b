import SDFGeometry

/// Uniformly distributed points on a mesh surface (triangles chosen in proportion to their area,
/// then a uniform point inside), with the face normal at each point. Deterministic: sample `i`
/// under a seed is the same on any thread count.
public struct SurfaceSampler: Sendable {
    private let corners: [SIMD3<Float>]
    private let normals: [SIMD3<Float>]
    /// Cumulative triangle areas, normalised so the last entry is 1.
    private let cumulativeArea: [Double]
    /// The total surface area.
    public let surfaceArea: Double

    /// Prepares sampling on `mesh`.
    /// - Throws: `SDFError` when the mesh has no area.
    public init(mesh: TriangleMesh) throws {
        var corners = [SIMD3<Float>](), cumulative = [Double]()
        corners.reserveCapacity(3 * mesh.triangleCount)
        cumulative.reserveCapacity(mesh.triangleCount)
        var total = 0.0
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            corners += [a, b, c]
            let n = cross(SIMD3<Double>(b - a), SIMD3<Double>(c - a))
            total += (n * n).sum().squareRoot() / 2
            cumulative.append(total)
        }
        guard total > 0, total.isFinite else { throw SDFError("mesh has no surface area to sample") }
        self.corners = corners
        normals = mesh.faceNormals()
        cumulativeArea = cumulative.map { $0 / total }
        surfaceArea = total
    }

    /// Sample `index` under `seed`: a point, its face normal and the triangle it lies on.
    public func sample(_ index: Int, seed: UInt64) -> (point: SIMD3<Float>, normal: SIMD3<Float>, triangle: Int) {
        var random = SplitMix64(seed: seed, stream: 0x5355_5246, index: UInt64(index))
        return sample(using: &random)
    }

    /// A sample drawn from `random`.
    func sample(using random: inout SplitMix64) -> (point: SIMD3<Float>, normal: SIMD3<Float>, triangle: Int) {
        let t = triangle(at: random.unitDouble())
        let u = random.unit(), v = random.unit()
        let s = u.squareRoot()
        let a = corners[3 * t], b = corners[3 * t + 1], c = corners[3 * t + 2]
        let point = a * (1 - s) + b * (s * (1 - v)) + c * (s * v)
        return (point, normals[t], t)
    }

    /// Fills `points` (and `normals`, if given, of the same count) with samples
    /// `firstIndex…` under `seed`, on every core.
    public func fill(points: UnsafeMutableBufferPointer<SIMD3<Float>>,
                     normals: UnsafeMutableBufferPointer<SIMD3<Float>>? = nil,
                     seed: UInt64, firstIndex: Int = 0) {
        precondition(normals.map { $0.count == points.count } ?? true)
        guard !points.isEmpty else { return }
        let p = SendablePointer(points), n = normals.map(SendablePointer.init)
        Parallelism.forEachChunk(count: points.count, minimumChunk: 4096) { range, _ in
            for i in range {
                let s = self.sample(firstIndex + i, seed: seed)
                p[i] = s.point
                n?[i] = s.normal
            }
        }
    }

    /// Convenience: `count` samples under `seed`.
    public func samples(count: Int, seed: UInt64) -> (points: [SIMD3<Float>], normals: [SIMD3<Float>]) {
        var points = [SIMD3<Float>](repeating: .zero, count: count)
        var normals = points
        points.withUnsafeMutableBufferPointer { p in
            normals.withUnsafeMutableBufferPointer { fill(points: p, normals: $0, seed: seed) }
        }
        return (points, normals)
    }

    /// The triangle whose cumulative-area interval holds `u` ∈ [0, 1).
    private func triangle(at u: Double) -> Int {
        var lower = 0, upper = cumulativeArea.count - 1
        while lower < upper {
            let middle = (lower + upper) / 2
            if cumulativeArea[middle] > u { upper = middle } else { lower = middle + 1 }
        }
        return lower
    }
}
