import CMeshOptimizer
import SDFGeometry

/// Mesh simplification by edge collapse with a quadric error bound, through meshoptimizer's
/// `meshopt_simplify`.
///
/// meshoptimizer measures error relative to the mesh extent (`meshopt_simplifyScale`); this type
/// takes and reports it in model units. Its collapses do not check the link condition, so on thin
/// walls and sharp CSG edges they can fold the surface (non-manifold edges, duplicate or zero-area
/// triangles). A watertight input is therefore verified after simplification; when a fold
/// appears, the input triangles within two rings of the fold's vertices are frozen (kept as they
/// are) and the rest is simplified again with its border, the rim of the frozen region, locked
/// (`meshopt_SimplifyLockBorder`), so frozen and simplified triangles meet exactly. This repeats,
/// growing the frozen region, until the result is watertight or the attempts run out; then the
/// input is returned unsimplified (`Result.keptInput`).
public enum MeshSimplifier {
    /// meshoptimizer runs allowed for one simplification.
    public static let maximumAttempts = 8

    /// A simplified mesh and the error meshoptimizer reached.
    public struct Result: Sendable {
        /// The simplified mesh, unreferenced vertices removed.
        public var mesh: TriangleMesh
        /// The largest deviation meshoptimizer estimates, in model units (0 when `keptInput`).
        public var error: Float
        /// meshoptimizer runs (more than one when folds had to be frozen).
        public var attempts: Int
        /// Input triangles kept unsimplified around folds (included in `mesh`).
        public var frozenTriangles: Int
        /// No attempt kept watertightness: `mesh` is the input, unsimplified.
        public var keptInput: Bool
    }

    /// Simplifies `mesh` until the next collapse would exceed `maximumError` (model units) or the
    /// triangle count reaches `targetTriangleCount`, whichever comes first. `nil` leaves that
    /// limit open; with both `nil` the mesh is returned unchanged. A watertight input gives a
    /// watertight result (see the type's notes) unless `verifyWatertight` is `false`.
    public static func simplify(_ mesh: TriangleMesh, maximumError: Float? = nil,
                                targetTriangleCount: Int? = nil,
                                verifyWatertight: Bool = true) throws -> Result {
        if let maximumError, !(maximumError >= 0 && maximumError.isFinite) {
            throw SDFError("simplification error must be a non-negative number (got \(maximumError))")
        }
        if let targetTriangleCount, targetTriangleCount < 0 {
            throw SDFError("target triangle count must not be negative (got \(targetTriangleCount))")
        }
        guard !mesh.isEmpty, maximumError != nil || targetTriangleCount != nil else {
            return Result(mesh: mesh, error: 0, attempts: 0, frozenTriangles: 0, keptInput: false)
        }
        let verify = verifyWatertight && mesh.isWatertight()
        let scale = mesh.positions.withUnsafeBytes {
            meshopt_simplifyScale($0.baseAddress!.assumingMemoryBound(to: Float.self),
                                  mesh.vertexCount, MemoryLayout<SIMD3<Float>>.stride)
        }
        let relativeError = maximumError.map { scale > 0 ? $0 / scale : 0 }
        var folds = FoldRegion(mesh: mesh)
        for attempt in 1...maximumAttempts {
            let (free, frozen) = folds.split()
            let freeTarget = targetTriangleCount.map { Swift.max(0, $0 - frozen.count / 3) }
            var (indices, reached) = collapse(mesh.positions, free, relativeError: relativeError,
                                              targetTriangleCount: freeTarget, lockBorder: attempt > 1)
            indices += frozen
            let candidate = TriangleMesh(positions: mesh.positions, indices: indices)
            if !verify || candidate.isWatertight() {
                return Result(mesh: candidate.removingUnreferencedVertices(), error: reached * scale,
                              attempts: attempt, frozenTriangles: frozen.count / 3, keptInput: false)
            }
            folds.freeze(around: candidate.defectVertices())
        }
        return Result(mesh: mesh, error: 0, attempts: maximumAttempts, frozenTriangles: mesh.triangleCount,
                      keptInput: true)
    }

    /// One run of `meshopt_simplify` over `indices`; returns indices into `positions` and the
    /// relative error reached.
    private static func collapse(_ positions: [SIMD3<Float>], _ indices: [UInt32], relativeError: Float?,
                                 targetTriangleCount: Int?, lockBorder: Bool) -> ([UInt32], Float) {
        guard !indices.isEmpty else { return ([], 0) }
        let targetIndices = (targetTriangleCount ?? 0) * 3
        let options = lockBorder ? UInt32(meshopt_SimplifyLockBorder) : 0
        var simplified = [UInt32](repeating: 0, count: indices.count)
        var resultError: Float = 0
        let count = positions.withUnsafeBytes { vertices in
            indices.withUnsafeBufferPointer { indices in
                simplified.withUnsafeMutableBufferPointer { out in
                    meshopt_simplify(out.baseAddress, indices.baseAddress, indices.count,
                                     vertices.baseAddress!.assumingMemoryBound(to: Float.self),
                                     positions.count, MemoryLayout<SIMD3<Float>>.stride, targetIndices,
                                     relativeError ?? Float.greatestFiniteMagnitude.squareRoot(), options,
                                     &resultError)
                }
            }
        }
        simplified.removeLast(simplified.count - count)
        return (simplified, resultError)
    }
}
