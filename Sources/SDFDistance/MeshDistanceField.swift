import SDFGeometry

/// The exact signed distance to a triangle mesh: negative inside, positive outside.
///
/// Magnitudes are the Euclidean distance to the closest point (found with a `BVH`, refined in
/// double precision). The sign comes from the generalized winding number (`FastWindingNumber`,
/// inside where w > 0.5) or, on closed consistently oriented meshes, from the angle-weighted
/// pseudonormal at the closest point; `SignMode.auto` picks. Build once, query many times from
/// any number of threads.
public final class MeshDistanceField: DistanceField {
    /// The source mesh.
    public let mesh: TriangleMesh
    /// The closest-point hierarchy.
    public let bvh: BVH
    /// The hierarchical winding number (always available, also for `signConfidence`).
    public let windingNumber: FastWindingNumber
    /// The sign rule in use: `.winding` or `.pseudonormal` (never `.auto`).
    public let sign: SignMode
    /// The mesh's topology report (it decides the `.auto` sign).
    public let diagnostics: MeshDiagnostics
    /// The mesh bounds.
    public let bounds: AABB
    /// Distances are exact.
    public var accuracy: FieldAccuracy { .exact }
    let pseudonormals: Pseudonormals?

    /// Builds the hierarchies for `mesh`.
    /// - Parameters:
    ///   - sign: the sign rule; `.auto` uses pseudonormals when the mesh is closed, manifold and
    ///     consistently outward oriented, and the winding number otherwise.
    ///   - windingAccuracy: the far-field factor β of the fast winding number.
    /// - Throws: `SDFError` for an empty or fully degenerate mesh, out-of-range indices or
    ///   non-finite vertex positions.
    public init(mesh: TriangleMesh, sign: SignMode = .auto, windingAccuracy: Float = 2) throws {
        try Self.validate(mesh)
        self.mesh = mesh
        bvh = BVH(mesh: mesh)
        bounds = bvh.bounds
        windingNumber = FastWindingNumber(bvh: bvh, accuracy: windingAccuracy)
        diagnostics = mesh.diagnostics()
        let resolved: SignMode
        switch sign {
        case .auto:
            // The pseudonormal sign needs a watertight, outward-oriented mesh.
            let clean = diagnostics.isWatertight && mesh.signedVolume > 0
            resolved = clean ? .pseudonormal : .winding
        case .winding, .pseudonormal: resolved = sign
        }
        self.sign = resolved
        pseudonormals = resolved == .pseudonormal ? Pseudonormals(mesh: mesh, bvh: bvh) : nil
    }

    private static func validate(_ mesh: TriangleMesh) throws {
        guard !mesh.isEmpty else { throw SDFError("mesh has no triangles") }
        let vertexCount = UInt32(clamping: mesh.vertexCount)
        guard mesh.indices.allSatisfy({ $0 < vertexCount }) else {
            throw SDFError("mesh has triangle indices beyond its \(mesh.vertexCount) vertices")
        }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            guard a.isFinite, b.isFinite, c.isFinite else {
                throw SDFError("mesh has non-finite vertex positions (triangle \(t))")
            }
        }
        guard mesh.surfaceArea > 0 else { throw SDFError("mesh is fully degenerate (zero surface area)") }
    }

    /// Signed distances for a batch, on the calling thread (callers parallelise; see
    /// `evaluateInParallel`). Non-finite points give NaN.
    public func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into distances: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == distances.count)
        guard let base = points.baseAddress else { return }
        evaluate(SendableConstPointer(base), range: 0..<points.count, upperBounds: nil,
                 distances: SendablePointer(distances), windingNumbers: nil)
    }

    /// Exact gradients (unit vectors pointing outwards; the face normal on the surface), on the
    /// calling thread. Non-finite points give NaN.
    public func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                          into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        precondition(points.count == gradients.count)
        withQuery { query in
            for i in points.indices { gradients[i] = query.gradient(at: points[i]) }
        }
    }

    /// Signed distances for a batch on every core, optionally with per-point upper bounds on the
    /// unsigned distance (a known nearby surface point prunes the search; a bound that is too
    /// small is detected and the full search runs) and optionally returning winding numbers
    /// (NaN where the sign came from pseudonormals, unless `windingNumbers` forces them).
    public func signedDistances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                                upperBounds: UnsafeBufferPointer<Float>? = nil,
                                into distances: UnsafeMutableBufferPointer<Float>,
                                windingNumbers: UnsafeMutableBufferPointer<Float>? = nil) {
        precondition(points.count == distances.count)
        precondition(upperBounds.map { $0.count == points.count } ?? true)
        precondition(windingNumbers.map { $0.count == points.count } ?? true)
        guard !points.isEmpty else { return }
        let source = SendableConstPointer(points), target = SendablePointer(distances)
        let bounds = upperBounds.map(SendableConstPointer.init)
        let winding = windingNumbers.map(SendablePointer.init)
        Parallelism.forEachChunk(count: points.count, minimumChunk: 1024) { range, _ in
            self.evaluate(source, range: range, upperBounds: bounds, distances: target, windingNumbers: winding)
        }
    }

    /// Evaluates `points[range]` on the calling thread, in Morton order for cache locality.
    func evaluate(_ points: SendableConstPointer<SIMD3<Float>>, range: Range<Int>,
                          upperBounds: SendableConstPointer<Float>?, distances: SendablePointer<Float>,
                          windingNumbers: SendablePointer<Float>?) {
        let keys = SpatialOrder.sortedKeys(points.base, range: range, box: bounds)
        withQuery { query in
            // Consecutive points in Morton order are close: each search starts from the
            // previous answer's exact distance.
            var hint = -1
            for key in keys {
                let i = range.lowerBound + Int(truncatingIfNeeded: key & 0xFFFF_FFFF)
                let result = query.signedDistance(to: points[i], upperBound: upperBounds?[i] ?? .infinity,
                                                  needsWindingNumber: windingNumbers != nil, hint: &hint)
                distances[i] = result.distance
                windingNumbers?[i] = result.windingNumber
            }
        }
    }

    /// Convenience: signed distances at an array of points, on every core.
    public func signedDistances(at points: [SIMD3<Float>]) -> [Float] {
        var out = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { signedDistances(at: p, into: $0) }
        }
        return out
    }

    /// The share of `samples` whose winding number is ambiguous (in
    /// `SignConfidence.ambiguousRange`), whatever the sign mode; non-finite points are skipped.
    public func signConfidence(samples: UnsafeBufferPointer<SIMD3<Float>>) -> SignConfidence {
        var values = [Float](repeating: .nan, count: samples.count)
        values.withUnsafeMutableBufferPointer { windingNumber.windingNumbers(at: samples, into: $0) }
        let finite = values.filter { !$0.isNaN }
        return SignConfidence(samples: finite.count,
                              ambiguous: finite.lazy.filter(SignConfidence.isAmbiguous).count)
    }

    /// Convenience: `signConfidence` for an array of points.
    public func signConfidence(samples: [SIMD3<Float>]) -> SignConfidence {
        samples.withUnsafeBufferPointer { signConfidence(samples: $0) }
    }

    /// Runs `body` with a per-thread query context valid inside `body` only.
    func withQuery<R>(_ body: (MeshQuery) throws -> R) rethrows -> R {
        try bvh.withTraversal { traversal in
            try windingNumber.withEvaluator { evaluator in
                try body(MeshQuery(traversal: traversal, evaluator: evaluator,
                                   pseudonormals: pseudonormals))
            }
        }
    }
}
