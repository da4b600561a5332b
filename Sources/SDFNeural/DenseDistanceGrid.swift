import SDFGeometry

/// The baseline a neural SDF must beat: exact distances sampled on an `n³` grid over a box and
/// interpolated trilinearly (`n³` Float32 values). Outside the box, the value at the nearest box
/// point plus the distance to the box.
public final class DenseDistanceGrid: DistanceField, @unchecked Sendable {
    /// The box the grid spans (its corners are grid points).
    public let bounds: AABB
    /// Grid points per axis.
    public let resolution: Int
    /// Interpolated samples promise nothing.
    public var accuracy: FieldAccuracy { .approximate }
    private let values: [Float]

    /// Samples `field` at `resolution³` points spanning `box` (in parallel, through the field).
    public init(sampling field: any DistanceField, box: AABB, resolution: Int) throws {
        guard (2...1024).contains(resolution) else {
            throw SDFError("dense grid resolution must be in 2…1024, got \(resolution)")
        }
        bounds = box
        self.resolution = resolution
        let n = resolution, step = box.size / Float(n - 1)
        var points = [SIMD3<Float>](repeating: .zero, count: n * n * n)
        for z in 0..<n {
            for y in 0..<n {
                for x in 0..<n {
                    points[x + n * (y + n * z)] = box.min + SIMD3(Float(x), Float(y), Float(z)) * step
                }
            }
        }
        values = field.distances(at: points)
    }

    /// Bytes of the samples.
    public var byteCount: Int { values.count * 4 }

    public func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into distances: UnsafeMutableBufferPointer<Float>) {
        let n = resolution
        let top = SIMD3<Float>(repeating: Float(n - 1))
        let scale = top / bounds.size
        values.withUnsafeBufferPointer { v in
            for i in points.indices {
                let p = points[i]
                let q = p.clamped(lowerBound: bounds.min, upperBound: bounds.max)
                let u = ((q - bounds.min) * scale).clamped(lowerBound: .zero, upperBound: top)
                let base = pointwiseMin(u.rounded(.down), top - 1)
                let f = u - base
                let x = Int(base.x), y = Int(base.y), z = Int(base.z)
                func at(_ dx: Int, _ dy: Int, _ dz: Int) -> Float { v[(x + dx) + n * ((y + dy) + n * (z + dz))] }
                let c00 = at(0, 0, 0) + (at(1, 0, 0) - at(0, 0, 0)) * f.x
                let c10 = at(0, 1, 0) + (at(1, 1, 0) - at(0, 1, 0)) * f.x
                let c01 = at(0, 0, 1) + (at(1, 0, 1) - at(0, 0, 1)) * f.x
                let c11 = at(0, 1, 1) + (at(1, 1, 1) - at(0, 1, 1)) * f.x
                let c0 = c00 + (c10 - c00) * f.y, c1 = c01 + (c11 - c01) * f.y
                distances[i] = c0 + (c1 - c0) * f.z + length(p - q)
            }
        }
    }
}
