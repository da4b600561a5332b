import SDFGeometry

/// Training samples for fitting a neural SDF to a mesh: points with their exact signed distance,
/// in instant-ngp's mix (Müller et al. 2022) — by default 1/8 uniform in the padded box, 4/8 on
/// the surface (distance 0) and 3/8 on the surface plus logistic noise.
///
/// Batches are deterministic for a (seed, batch index) pair whatever the thread count, are filled
/// on every core, and go straight into caller-owned buffers, so a trainer can stream a fresh
/// batch every step. Within a batch the kinds are contiguous: uniform, then surface, then near.
public struct TrainingSampler: Sendable {
    /// What a batch holds.
    public struct Configuration: Sendable, Codable, Equatable {
        /// Relative shares of uniform, surface and near-surface samples (normalised).
        public var uniformShare: Double = 1
        public var surfaceShare: Double = 4
        public var nearSurfaceShare: Double = 3
        /// Standard deviation of the per-axis logistic noise of near-surface samples, relative
        /// to the longest side of the mesh bounds (instant-ngp: 0.866/1024 ≈ 8.46e-4).
        public var noiseScale: Float = 8.46e-4
        /// Padding of the uniform-sample box on each side, relative to the longest side.
        public var padding: Float = 0.05
        /// Redraw uniform and near-surface samples whose winding number is ambiguous (see
        /// `SignConfidence`), up to 16 times each.
        public var dropsAmbiguous: Bool = false

        public init() {}
    }

    /// The field that supplies exact distances.
    public let field: MeshDistanceField
    /// The batch layout.
    public let configuration: Configuration
    /// The box uniform samples are drawn from.
    public let domain: AABB
    private let surface: SurfaceSampler
    private let noiseSpread: Float

    /// Prepares sampling on `field`'s mesh.
    /// - Throws: `SDFError` for a configuration with negative or all-zero shares, or negative
    ///   noise or padding.
    public init(field: MeshDistanceField, configuration: Configuration = Configuration()) throws {
        let shares = [configuration.uniformShare, configuration.surfaceShare, configuration.nearSurfaceShare]
        guard shares.allSatisfy({ $0 >= 0 && $0.isFinite }), shares.reduce(0, +) > 0 else {
            throw SDFError("sample shares must be non-negative and not all zero")
        }
        guard configuration.noiseScale >= 0, configuration.noiseScale.isFinite,
              configuration.padding >= 0, configuration.padding.isFinite else {
            throw SDFError("noise scale and padding must be non-negative")
        }
        self.field = field
        self.configuration = configuration
        surface = try SurfaceSampler(mesh: field.mesh)
        let side = field.bounds.longestSide
        domain = field.bounds.padded(by: configuration.padding * side)
        // A logistic variable with scale s has standard deviation s·π/√3.
        noiseSpread = configuration.noiseScale * side * Float(3).squareRoot() / .pi
    }

    /// How many samples of each kind a batch of `size` holds.
    public func counts(batchSize size: Int) -> (uniform: Int, surface: Int, nearSurface: Int) {
        let c = configuration
        let total = c.uniformShare + c.surfaceShare + c.nearSurfaceShare
        let uniform = Int((Double(size) * c.uniformShare / total).rounded())
        let surface = Swift.min(size - uniform, Int((Double(size) * c.surfaceShare / total).rounded()))
        return (uniform, surface, size - uniform - surface)
    }

    /// Fills `points` and `distances` (same count) with batch `batch` under `seed`, on every core.
    public func fill(batch: Int, seed: UInt64, points: UnsafeMutableBufferPointer<SIMD3<Float>>,
                     distances: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == distances.count)
        let (uniform, onSurface, _) = counts(batchSize: points.count)
        var bounds = [Float](repeating: 0, count: points.count)
        var winding = [Float](repeating: 0, count: configuration.dropsAmbiguous ? points.count : 0)
        let count = points.count
        let p = SendablePointer(points), d = SendablePointer(distances)
        bounds.withUnsafeMutableBufferPointer { boundsBuffer in
            winding.withUnsafeMutableBufferPointer { windingBuffer in
                let b = SendablePointer(boundsBuffer)
                let w = windingBuffer.isEmpty ? nil : SendablePointer(windingBuffer)
                Parallelism.forEachChunk(count: points.count, minimumChunk: 2048) { range, _ in
                    for i in range {
                        let kind: SampleKind = i < uniform ? .uniform : i < uniform + onSurface ? .surface : .nearSurface
                        (p[i], b[i]) = self.draw(kind, seed: seed, batch: batch, index: i, attempt: 0)
                        d[i] = 0
                    }
                    // Exact distances for the off-surface samples, each kind in Morton order.
                    for part in [range.clamped(to: 0..<uniform), range.clamped(to: (uniform + onSurface)..<count)]
                    where !part.isEmpty {
                        self.field.evaluate(SendableConstPointer(p.base), range: part, upperBounds: SendableConstPointer(b.base),
                                            distances: d, windingNumbers: w)
                        if let w { self.redrawAmbiguous(part, uniform: uniform, seed: seed, batch: batch, points: p, distances: d, winding: w) }
                    }
                }
            }
        }
    }

    /// Convenience: batch `batch` of `size` samples under `seed` as arrays.
    public func batch(size: Int, batch: Int, seed: UInt64) -> (points: [SIMD3<Float>], distances: [Float]) {
        var points = [SIMD3<Float>](repeating: .zero, count: size)
        var distances = [Float](repeating: 0, count: size)
        points.withUnsafeMutableBufferPointer { p in
            distances.withUnsafeMutableBufferPointer { fill(batch: batch, seed: seed, points: p, distances: $0) }
        }
        return (points, distances)
    }

    private enum SampleKind { case uniform, surface, nearSurface }

    /// Attempt `attempt` at sample `index` of `batch`: a point and an upper bound of its distance
    /// (+∞ for uniform samples, 0 for surface samples).
    private func draw(_ kind: SampleKind, seed: UInt64, batch: Int, index: Int, attempt: Int) -> (SIMD3<Float>, Float) {
        var random = SplitMix64(seed: seed, stream: UInt64(batch) | UInt64(attempt) << 48, index: UInt64(index))
        switch kind {
        case .surface:
            return (surface.sample(using: &random).point, 0)
        case .uniform:
            let u = SIMD3(random.unit(), random.unit(), random.unit())
            return (domain.min + u * domain.size, .infinity)
        case .nearSurface:
            let noise = SIMD3(logistic(&random), logistic(&random), logistic(&random))
            return (surface.sample(using: &random).point + noise, length(noise))
        }
    }

    /// Redraws (up to 15 times each) the samples of `range` whose winding number is ambiguous.
    private func redrawAmbiguous(_ range: Range<Int>, uniform: Int, seed: UInt64, batch: Int,
                                 points: SendablePointer<SIMD3<Float>>, distances: SendablePointer<Float>,
                                 winding: SendablePointer<Float>) {
        field.withQuery(winding: true) { query in
            var hint = -1
            for i in range where SignConfidence.isAmbiguous(winding[i]) {
                for attempt in 1..<16 {
                    let (point, bound) = draw(i < uniform ? .uniform : .nearSurface, seed: seed, batch: batch,
                                              index: i, attempt: attempt)
                    let result = query.signedDistance(to: point, upperBound: bound, needsWindingNumber: true,
                                                      hint: &hint)
                    (points[i], distances[i], winding[i]) = (point, result.distance, result.windingNumber)
                    if !SignConfidence.isAmbiguous(result.windingNumber) { break }
                }
            }
        }
    }

    /// Logistic noise with the configured spread.
    private func logistic(_ random: inout SplitMix64) -> Float {
        noiseSpread * random.logistic()
    }
}
