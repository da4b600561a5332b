/// Connectivity and health checks: components, boundary, manifoldness, orientation, degeneracy.
extension TriangleMesh {
    /// Whether triangle `t` has a repeated vertex index or exactly collinear corners.
    ///
    /// Collinearity is tested on the `Double` cross product of the `Float` corners, which is exact
    /// up to one rounding, so slivers with a tiny but real area are not called degenerate.
    public func isDegenerateTriangle(_ t: Int) -> Bool {
        let (i, j, k) = triangle(t)
        if i == j || j == k || i == k { return true }
        let (a, b, c) = corners(t)
        return hasZeroArea(a, b, c)
    }

    /// Computes the mesh's `MeshDiagnostics`.
    ///
    /// Edges and duplicate faces come from grouping half-edges by their smaller vertex
    /// (`HalfEdgeCensus`: a counting sort on both cores), components from union-find over vertices.
    /// - Precondition: every index is below `vertexCount`.
    /// - Complexity: O(V + F) time, about 30 bytes of scratch per triangle and 12 per vertex.
    public func diagnostics() -> MeshDiagnostics {
        let census = indices.withUnsafeBufferPointer { idx in
            positions.withUnsafeBufferPointer { HalfEdgeCensus<UInt64>(indices: idx, positions: $0) }
        }
        let (referenced, components) = countComponents()
        return MeshDiagnostics(
            vertexCount: vertexCount, triangleCount: triangleCount,
            unreferencedVertices: vertexCount - referenced, edgeCount: census.edges,
            components: components, boundaryEdges: census.boundary, nonManifoldEdges: census.nonManifold,
            inconsistentlyOrientedEdges: census.inconsistent, degenerateTriangles: census.degenerateTriangles,
            duplicateTriangles: census.duplicateTriangles,
            eulerCharacteristic: referenced - census.edges + census.properTriangles)
    }

    /// How the mesh's edges are used: the part of `diagnostics()` that decides whether it is
    /// closed, manifold and consistently oriented, without the component, degeneracy and
    /// duplicate counts (half the scratch memory: 4 bytes per half-edge instead of 8, and most
    /// rows of the census decided without sorting). Same preconditions as `diagnostics()`.
    public func edgeUse() -> EdgeUse {
        let census = indices.withUnsafeBufferPointer { idx in
            positions.withUnsafeBufferPointer {
                HalfEdgeCensus<UInt32>(indices: idx, positions: $0, findZeroArea: false)
            }
        }
        return EdgeUse(triangleCount: triangleCount, edgeCount: census.edges, boundaryEdges: census.boundary,
                       nonManifoldEdges: census.nonManifold, inconsistentlyOrientedEdges: census.inconsistent)
    }

    /// `diagnostics().isWatertight` without the component count (no union-find): closed,
    /// consistently oriented, no degenerate and no duplicate triangles. Same preconditions as
    /// `diagnostics()`.
    public func isWatertight() -> Bool {
        let census = indices.withUnsafeBufferPointer { idx in
            positions.withUnsafeBufferPointer { HalfEdgeCensus<UInt64>(indices: idx, positions: $0) }
        }
        let edgeUse = EdgeUse(triangleCount: triangleCount, edgeCount: census.edges, boundaryEdges: census.boundary,
                              nonManifoldEdges: census.nonManifold, inconsistentlyOrientedEdges: census.inconsistent)
        return edgeUse.isClosed && edgeUse.isConsistentlyOriented
            && census.degenerateTriangles == 0 && census.duplicateTriangles == 0
    }

    /// The vertices where the mesh is not watertight: the corners of degenerate and duplicate
    /// triangles and the endpoints of edges not used exactly once in each direction (boundary,
    /// non-manifold and inconsistently oriented edges), each listed at least once, in no set
    /// order; empty for a watertight mesh. Same preconditions as `diagnostics()`.
    public func defectVertices() -> [UInt32] {
        indices.withUnsafeBufferPointer { idx in
            positions.withUnsafeBufferPointer {
                HalfEdgeCensus<UInt64>(indices: idx, positions: $0, listDefects: true).defectVertices
            }
        }
    }

    /// Referenced vertices and connected components of triangles (union-find with path halving).
    private func countComponents() -> (referenced: Int, components: Int) {
        let v = vertexCount
        let unreferenced = UInt32.max
        let parent = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: v)
        defer { parent.deallocate() }
        parent.initialize(repeating: unreferenced)
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while parent[Int(x)] != x {
                let grandparent = parent[Int(parent[Int(x)])]
                parent[Int(x)] = grandparent
                x = grandparent
            }
            return x
        }
        func union(_ a: UInt32, _ b: UInt32) {
            let ra = find(a), rb = find(b)
            if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
        }
        indices.withUnsafeBufferPointer { idx in
            for i in idx where parent[Int(i)] == unreferenced { parent[Int(i)] = i }
            for t in 0..<triangleCount {
                union(idx[3 * t], idx[3 * t + 1])
                union(idx[3 * t + 1], idx[3 * t + 2])
            }
        }
        var referenced = 0, components = 0
        for vertex in 0..<v where parent[vertex] != unreferenced {
            referenced += 1
            if parent[vertex] == UInt32(vertex) { components += 1 }
        }
        return (referenced, components)
    }
}

/// Whether the triangle's corners are collinear (or coincide), tested in `Double`.
@inline(__always)
func hasZeroArea(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>) -> Bool {
    let da = SIMD3<Double>(a)
    let n = cross(SIMD3<Double>(b) - da, SIMD3<Double>(c) - da)
    return n == .zero
}
