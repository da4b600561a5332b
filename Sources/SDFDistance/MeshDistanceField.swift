import Synchronization
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
    /// The hierarchical winding number (under the pseudonormal sign it is built on first use,
    /// e.g. by `signConfidence`).
    public var windingNumber: FastWindingNumber { lazyWindingNumber.value }
    /// The sign rule in use: `.winding` or `.pseudonormal` (never `.auto`).
    public let sign: SignMode
    /// The mesh's topology report (it decides the `.auto` sign).
    public let diagnostics: MeshDiagnostics
    /// The mesh bounds.
    public let bounds: AABB
    /// Distances are exact.
    public var accuracy: FieldAccuracy { .exact }
    let pseudonormals: Pseudonormals?
    private let lazyWindingNumber: LazyWindingNumber
    /// About the size of a leaf's cluster of triangles (the smallest packet limit).
    private let packetScale: Float

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
        packetScale = Float(2 * (mesh.surfaceArea / Double(mesh.triangleCount)).squareRoot())
        // The BVH build is serial: meanwhile the other core finds the topology and, when the
        // sign will come from them, the pseudonormals (in mesh order; put in leaf order below).
        let (bvh, topology) = inParallel({ BVH(mesh: mesh) }, { Self.topology(of: mesh, sign: sign) })
        self.bvh = bvh
        bounds = bvh.bounds
        diagnostics = topology.diagnostics
        self.sign = topology.sign
        pseudonormals = topology.normals.map { Pseudonormals(meshOrder: $0, bvh: bvh) }
        lazyWindingNumber = LazyWindingNumber(bvh: bvh, accuracy: windingAccuracy)
        if topology.sign == .winding { _ = lazyWindingNumber.value }
    }

    /// The diagnostics, the resolved sign and, for the pseudonormal sign, the pseudonormals in
    /// mesh order.
    private static func topology(of mesh: TriangleMesh, sign: SignMode)
        -> (diagnostics: MeshDiagnostics, sign: SignMode, normals: [SIMD3<Float>]?)
    {
        let diagnostics = mesh.diagnostics()
        let resolved: SignMode
        switch sign {
        case .auto:
            // The pseudonormal sign needs a watertight, outward-oriented mesh.
            let clean = diagnostics.isWatertight && mesh.signedVolume > 0
            resolved = clean ? .pseudonormal : .winding
        case .winding, .pseudonormal: resolved = sign
        }
        return (diagnostics, resolved, resolved == .pseudonormal ? Pseudonormals.meshOrder(mesh) : nil)
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
        // Squared distances are single precision: within a few diagonals of the mesh they must
        // not overflow (beyond about 1.8e19 every distance would be NaN).
        let diagonal = mesh.bounds.diagonal
        guard (16 * diagonal * diagonal).isFinite else {
            throw SDFError("mesh coordinates are too large for single-precision distances "
                           + "(bounding box diagonal \(diagonal))")
        }
    }

    /// Signed distances for a batch, on the calling thread (callers parallelise; see
    /// `evaluateInParallel`). Non-finite points give NaN, and so do points whose squared distance
    /// to the mesh overflows single precision (farther than about 1.8e19).
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
    /// Winding numbers are evaluated for packets of consecutive points in one traversal each.
    func evaluate(_ points: SendableConstPointer<SIMD3<Float>>, range: Range<Int>,
                  upperBounds: SendableConstPointer<Float>?, distances: SendablePointer<Float>,
                  windingNumbers: SendablePointer<Float>?) {
        let keys = SpatialOrder.sortedKeys(points.base, range: range, box: bounds)
        // Gathered in Morton order up front: in a tight loop the cache misses of these random
        // reads overlap, inside the query loop each would stall its query.
        let ordered = keys.map { points[range.lowerBound + Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF)] }
        let needsWinding = windingNumbers != nil || pseudonormals == nil
        withQuery(winding: needsWinding) { query in
            // Consecutive points in Morton order are close: each search starts from the
            // previous answer's exact distance.
            var hint = -1
            var packet = WindingPacket()
            func flush() {
                let w = query.evaluator!.windingNumbers(of: packet)
                for lane in 0..<packet.count {
                    let i = Int(packet.indices[lane])
                    windingNumbers?[i] = w[lane]
                    if pseudonormals == nil && w[lane] > 0.5 { distances[i] = -distances[i] }
                }
                packet.removeAll()
            }
            func record(_ hit: MeshQuery.Hit?, _ p: SIMD3<Float>, _ i: Int) {
                guard let hit else {
                    distances[i] = .nan
                    windingNumbers?[i] = .nan
                    return
                }
                // Unsigned until the packet's winding numbers are known (winding sign).
                distances[i] = hit.pseudonormalInside == true ? -hit.distance : hit.distance
                guard needsWinding else { return }
                if !packet.accepts(p, distance: hit.distance, scale: packetScale, spread: Self.packetSpread) { flush() }
                packet.append(p, distance: hit.distance, index: i)
                if packet.isFull { flush() }
            }
            var k = 0
            while k < keys.count {
                let i = range.lowerBound + Int(truncatingIfNeeded: keys[k] & 0xFFFF_FFFF), p = ordered[k]
                // Consecutive finite points share one traversal.
                if k + 1 < keys.count, p.isFinite, ordered[k + 1].isFinite, !bvh.triangleIndices.isEmpty {
                    let j = range.lowerBound + Int(truncatingIfNeeded: keys[k + 1] & 0xFFFF_FFFF), q = ordered[k + 1]
                    let bounds = SIMD2(upperBounds?[i] ?? .infinity, upperBounds?[j] ?? .infinity)
                    let (first, second) = query.closest(p, q, upperBounds: bounds, hint: &hint)
                    record(first, p, i)
                    record(second, q, j)
                    k += 2
                    continue
                }
                record(query.closest(to: p, upperBound: upperBounds?[i] ?? .infinity, hint: &hint), p, i)
                k += 1
            }
            if !packet.isEmpty { flush() }
        }
    }

    /// How wide a winding-number packet may be relative to its points' distance to the surface
    /// (see `WindingPacket.accepts`).
    static let packetSpread: Float = 1

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

    /// Runs `body` with a per-thread query context valid inside `body` only; `winding` asks for
    /// a winding-number evaluator even under the pseudonormal sign.
    func withQuery<R>(winding: Bool = false, _ body: (MeshQuery) throws -> R) rethrows -> R {
        try bvh.withTraversal { traversal in
            guard winding || pseudonormals == nil else {
                return try body(MeshQuery(traversal: traversal, evaluator: nil, pseudonormals: pseudonormals))
            }
            return try windingNumber.withEvaluator { evaluator in
                try body(MeshQuery(traversal: traversal, evaluator: evaluator, pseudonormals: pseudonormals))
            }
        }
    }
}

/// A `FastWindingNumber` built on first use (thread-safe).
private final class LazyWindingNumber: Sendable {
    private let bvh: BVH
    private let accuracy: Float
    private let storage = Mutex<FastWindingNumber?>(nil)

    init(bvh: BVH, accuracy: Float) {
        self.bvh = bvh
        self.accuracy = accuracy
    }

    var value: FastWindingNumber {
        storage.withLock { stored in
            if let stored { return stored }
            let built = FastWindingNumber(bvh: bvh, accuracy: accuracy)
            stored = built
            return built
        }
    }
}

/// Runs `first` and `second` at once (on two threads when there are two) and returns both results.
func inParallel<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let results = ParallelResults<A, B>()
    Parallelism.forEachChunk(count: 2, minimumChunk: 1) { range, _ in
        for task in range {
            if task == 0 { results.first = first() } else { results.second = second() }
        }
    }
    return (results.first!, results.second!)
}

/// The two result slots of `inParallel`, each written by one task.
private final class ParallelResults<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
