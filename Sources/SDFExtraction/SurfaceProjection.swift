import SDFGeometry

/// Moves points onto the zero level of a field with one Newton step along the gradient,
/// `p ← p − f(p)·∇f/|∇f|²`, in parallel batches.
enum SurfaceProjection {
    /// Points per field call.
    static let batchSize = 4096

    /// Projects `points` in place. Steps are clamped to `maximumStep` (a lattice unit keeps a
    /// vertex next to its edge); points with a vanishing or non-finite gradient stay put.
    static func project(_ points: inout [SIMD3<Float>], onto field: any DistanceField,
                        maximumStep: Float) {
        let count = points.count
        let batches = (count + batchSize - 1) / batchSize
        points.withUnsafeMutableBufferPointer { buffer in
            let p = SendablePointer(buffer)
            Parallelism.forEachChunk(count: batches, minimumChunk: 1) { range, _ in
                var values = [Float](repeating: 0, count: batchSize)
                var gradients = [SIMD3<Float>](repeating: .zero, count: batchSize)
                for batch in range {
                    let lo = batch * batchSize
                    let n = Swift.min(count, lo + batchSize) - lo
                    let slice = UnsafeBufferPointer(start: p.base + lo, count: n)
                    values.withUnsafeMutableBufferPointer {
                        field.distances(at: slice, into: UnsafeMutableBufferPointer(rebasing: $0[0..<n]))
                    }
                    gradients.withUnsafeMutableBufferPointer {
                        field.gradients(at: slice, into: UnsafeMutableBufferPointer(rebasing: $0[0..<n]))
                    }
                    for i in 0..<n {
                        let g = gradients[i]
                        let g2 = dot(g, g)
                        guard g2 > 1e-12, g2.isFinite, values[i].isFinite else { continue }
                        var step = values[i] / g2 * g
                        let stepLength = length(step)
                        if stepLength > maximumStep { step *= maximumStep / stepLength }
                        p[lo + i] -= step
                    }
                }
            }
        }
    }
}
