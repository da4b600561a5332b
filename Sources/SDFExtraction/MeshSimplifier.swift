import CMeshOptimizer
import SDFGeometry

/// Mesh simplification by edge collapse with a quadric error bound, through meshoptimizer's
/// `meshopt_simplify`.
///
/// meshoptimizer measures error relative to the mesh extent (`meshopt_simplifyScale`); this type
/// takes and reports it in model units. Collapses never open a closed mesh's topology along a
/// border (a closed mesh has none), but a collapse can still make an edge non-manifold in rare
/// configurations: check `diagnostics()` of the result when that matters.
public enum MeshSimplifier {
    /// A simplified mesh and the error meshoptimizer reached.
    public struct Result: Sendable {
        /// The simplified mesh, unreferenced vertices removed.
        public var mesh: TriangleMesh
        /// The largest deviation meshoptimizer estimates, in model units.
        public var error: Float
    }

    /// Simplifies `mesh` until the next collapse would exceed `maximumError` (model units) or the
    /// triangle count reaches `targetTriangleCount`, whichever comes first. `nil` leaves that
    /// limit open; with both `nil` the mesh is returned unchanged.
    public static func simplify(_ mesh: TriangleMesh, maximumError: Float? = nil,
                                targetTriangleCount: Int? = nil) throws -> Result {
        if let maximumError, !(maximumError >= 0 && maximumError.isFinite) {
            throw SDFError("simplification error must be a non-negative number (got \(maximumError))")
        }
        if let targetTriangleCount, targetTriangleCount < 0 {
            throw SDFError("target triangle count must not be negative (got \(targetTriangleCount))")
        }
        guard !mesh.isEmpty, maximumError != nil || targetTriangleCount != nil else {
            return Result(mesh: mesh, error: 0)
        }
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
        return Result(mesh: compacted(positions: mesh.positions, indices: simplified),
                      error: resultError * scale)
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
