/// What the values of a distance field promise; extraction and rendering prune space with it.
public enum FieldAccuracy: Sendable, Equatable, Codable {
    /// `|f(p)|` is the Euclidean distance from `p` to the zero set (1-Lipschitz).
    case exact
    /// `f` is `lipschitz`-Lipschitz, so `|f(p)| / lipschitz` is a lower bound of the distance.
    case bound(lipschitz: Float)
    /// No guarantee (a trained network): prune only with margins verified by sampling.
    case approximate

    /// The Lipschitz constant when one is known.
    @inlinable
    public var lipschitz: Float? {
        switch self {
        case .exact: return 1
        case .bound(let l): return l
        case .approximate: return nil
        }
    }

    /// The weaker of two promises (for operators that combine fields).
    public func combined(with other: FieldAccuracy) -> FieldAccuracy {
        switch (self, other) {
        case (.approximate, _), (_, .approximate): return .approximate
        case (.exact, .exact): return .exact
        default: return .bound(lipschitz: Swift.max(lipschitz!, other.lipschitz!))
        }
    }
}

/// A signed distance field: negative inside, positive outside, evaluated in batches.
///
/// Analytic shapes, meshes and trained networks all conform, so extraction, rendering, slicing,
/// querying and evaluation are written once. Evaluation must be thread-safe: callers split large
/// batches across cores (see `evaluateInParallel`).
public protocol DistanceField: Sendable {
    /// A box that contains the whole zero level set (the surface).
    var bounds: AABB { get }
    /// What the values promise.
    var accuracy: FieldAccuracy { get }
    /// Writes `f(points[i])` into `distances[i]`. Both buffers have the same count.
    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>)
    /// Writes `∇f(points[i])` into `gradients[i]` (not normalised). The default uses central
    /// differences over batched evaluations; fields with analytic gradients override it.
    func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>)
}

extension DistanceField {
    /// Central-difference gradients, step relative to the bounds.
    public func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        let h = Swift.max(bounds.diagonal, 1e-3) * 1e-4
        centralDifferenceGradients(at: points, into: gradients, step: h)
    }

    /// Central-difference gradients with step `h`, evaluated as six shifted batches.
    public func centralDifferenceGradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                                           into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>,
                                           step h: Float) {
        let n = points.count
        var shifted = [SIMD3<Float>](repeating: .zero, count: n)
        var plus = [Float](repeating: 0, count: n)
        var minus = [Float](repeating: 0, count: n)
        for i in 0..<n { gradients[i] = .zero }
        for axis in 0..<3 {
            var e = SIMD3<Float>.zero
            e[axis] = h
            for i in 0..<n { shifted[i] = points[i] + e }
            shifted.withUnsafeBufferPointer { s in
                plus.withUnsafeMutableBufferPointer { distances(at: s, into: $0) }
            }
            for i in 0..<n { shifted[i] = points[i] - e }
            shifted.withUnsafeBufferPointer { s in
                minus.withUnsafeMutableBufferPointer { distances(at: s, into: $0) }
            }
            for i in 0..<n { gradients[i][axis] = (plus[i] - minus[i]) / (2 * h) }
        }
    }

    /// Evaluates a large batch on every core, in chunks of `chunk` points.
    public func evaluateInParallel(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                                   into out: UnsafeMutableBufferPointer<Float>,
                                   chunk: Int = 4096) {
        precondition(points.count == out.count)
        guard points.count > 0 else { return }
        let p = SendableConstPointer(points)
        let o = SendablePointer(out)
        let count = points.count
        let blocks = (count + chunk - 1) / chunk
        Parallelism.forEachChunk(count: blocks, minimumChunk: 1) { range, _ in
            for b in range {
                let lo = b * chunk
                let hi = Swift.min(count, lo + chunk)
                self.distances(at: UnsafeBufferPointer(start: p.base + lo, count: hi - lo),
                               into: UnsafeMutableBufferPointer(start: o.base + lo, count: hi - lo))
            }
        }
    }

    /// Convenience: evaluates an array of points (parallel for large arrays).
    public func distances(at points: [SIMD3<Float>]) -> [Float] {
        var out = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { evaluateInParallel(p, into: $0) }
        }
        return out
    }

    /// Convenience: the value at one point. Slow path; use batches in loops.
    public func distance(at point: SIMD3<Float>) -> Float {
        var p = point
        var d: Float = 0
        withUnsafePointer(to: &p) { pp in
            withUnsafeMutablePointer(to: &d) { dp in
                distances(at: UnsafeBufferPointer(start: pp, count: 1),
                          into: UnsafeMutableBufferPointer(start: dp, count: 1))
            }
        }
        return d
    }

    /// Convenience: gradients for an array of points.
    public func gradients(at points: [SIMD3<Float>]) -> [SIMD3<Float>] {
        var out = [SIMD3<Float>](repeating: .zero, count: points.count)
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { gradients(at: p, into: $0) }
        }
        return out
    }
}
