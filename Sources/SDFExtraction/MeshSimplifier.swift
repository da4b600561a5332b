import CMeshOptimizer
import SDFGeometry

/// Mesh simplification by edge collapse with a quadric error bound, through meshoptimizer's
/// `meshopt_simplify`.
///
/// meshoptimizer measures error relative to the mesh extent (`meshopt_simplifyScale`); this type
/// takes and reports it in model units. Its collapses do not check the link condition, so on thin
/// walls and sharp CSG edges they can fold the surface (non-manifold edges, duplicate or zero-area
/// triangles). When the input is watertight the result is therefore verified, and a broken result
/// is retried with a halved error and a doubled triangle target; when every attempt breaks it the
/// input is returned unsimplified (`Result.keptInput`).
public enum MeshSimplifier {
    /// Simplifications tried before the input is returned unchanged.
    public static let maximumAttempts = 4

    /// A simplified mesh and the error meshoptimizer reached.
    public struct Result: Sendable {
        /// The simplified mesh, unreferenced vertices removed.
        public var mesh: TriangleMesh
        /// The largest deviation meshoptimizer estimates, in model units (0 when `keptInput`).
        public var error: Float
        /// Simplifications run (more than one when earlier ones broke watertightness).
        public var attempts: Int
        /// Every attempt broke the input's watertightness, so `mesh` is the input, unsimplified.
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
            return Result(mesh: mesh, error: 0, attempts: 0, keptInput: false)
        }
        let verify = verifyWatertight && mesh.diagnostics().isWatertight
        var error = maximumError, target = targetTriangleCount
        for attempt in 1...maximumAttempts {
            let (simplified, reached) = collapse(mesh, maximumError: error, targetTriangleCount: target)
            if !verify || simplified.diagnostics().isWatertight {
                return Result(mesh: simplified, error: reached, attempts: attempt, keptInput: false)
            }
            error = error.map { $0 / 2 }
            target = target.map { Swift.min(mesh.triangleCount, 2 * Swift.max($0, 1)) }
        }
        return Result(mesh: mesh, error: 0, attempts: maximumAttempts, keptInput: true)
    }

    /// One run of `meshopt_simplify`, unverified; the error in model units.
    static func collapse(_ mesh: TriangleMesh, maximumError: Float?,
                         targetTriangleCount: Int?) -> (TriangleMesh, Float) {
        let stride = MemoryLayout<SIMD3<Float>>.stride
        let scale = mesh.positions.withUnsafeBytes {
            meshopt_simplifyScale($0.baseAddress!.assumingMemoryBound(to: Float.self),
                                  mesh.vertexCount, stride)
        }
        let relativeError = maximumError.map { scale > 0 ? $0 / scale : 0 } ?? Float.greatestFiniteMagnitude.squareRoot()
        let targetIndices = (targetTriangleCount ?? 0) * 3
        var simplified = [UInt32](repeating: 0, count: mesh.indices.count)
        var resultError: Float = 0
        let count = mesh.positions.withUnsafeBytes { vertices in
            mesh.indices.withUnsafeBufferPointer { indices in
                simplified.withUnsafeMutableBufferPointer { out in
                    meshopt_simplify(out.baseAddress, indices.baseAddress, indices.count,
                                     vertices.baseAddress!.assumingMemoryBound(to: Float.self),
                                     mesh.vertexCount, stride, targetIndices, relativeError, 0,
                                     &resultError)
                }
            }
        }
        simplified.removeLast(simplified.count - count)
        return (compacted(positions: mesh.positions, indices: simplified), resultError * scale)
    }

    /// The mesh without unreferenced vertices, keeping the survivors' order.
    static func compacted(positions: [SIMD3<Float>], indices: [UInt32]) -> TriangleMesh {
        var remap = [UInt32](repeating: .max, count: positions.count)
        var kept: [SIMD3<Float>] = []
        var out = indices
        for (k, i) in indices.enumerated() {
            if remap[Int(i)] == .max {
                remap[Int(i)] = UInt32(kept.count)
                kept.append(positions[Int(i)])
            }
            out[k] = remap[Int(i)]
        }
        return TriangleMesh(positions: kept, indices: out)
    }
}
