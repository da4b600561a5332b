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
    /// Edges are grouped by sorting flat 64-bit keys (radix sort), components by union-find over
    /// vertices, duplicate faces by sorting hashes of their sorted vertex triples.
    /// - Precondition: every index is below `vertexCount`.
    /// - Complexity: O(V + F) time, about 40 bytes of scratch per triangle.
    public func diagnostics() -> MeshDiagnostics {
        let v = vertexCount, f = triangleCount
        precondition(v < 1 << 31, "diagnostics support up to 2^31 vertices")
        precondition(indices.allSatisfy { Int($0) < v }, "index out of range")
        var edgeKeys = [UInt64](repeating: 0, count: 3 * f)
        var faceHashes = [UInt64](repeating: 0, count: f)
        var faceIDs = [UInt32](repeating: 0, count: f)
        var proper = 0, degenerate = 0
        indices.withUnsafeBufferPointer { idx in
            positions.withUnsafeBufferPointer { pos in
                edgeKeys.withUnsafeMutableBufferPointer { edges in
                    faceHashes.withUnsafeMutableBufferPointer { hashes in
                        faceIDs.withUnsafeMutableBufferPointer { ids in
                            for t in 0..<f {
                                let i = idx[3 * t], j = idx[3 * t + 1], k = idx[3 * t + 2]
                                if i == j || j == k || i == k {
                                    degenerate += 1
                                    continue
                                }
                                if hasZeroArea(pos[Int(i)], pos[Int(j)], pos[Int(k)]) { degenerate += 1 }
                                edges[3 * proper] = directedEdgeKey(i, j)
                                edges[3 * proper + 1] = directedEdgeKey(j, k)
                                edges[3 * proper + 2] = directedEdgeKey(k, i)
                                hashes[proper] = hashOfVertexSet(i, j, k)
                                ids[proper] = UInt32(t)
                                proper += 1
                            }
                        }
                    }
                }
            }
        }
        edgeKeys.removeLast(3 * (f - proper))
        faceHashes.removeLast(f - proper)
        faceIDs.removeLast(f - proper)
        let edges = classifyEdges(&edgeKeys)
        let duplicates = countDuplicateFaces(hashes: &faceHashes, faces: &faceIDs)
        let (referenced, components) = countComponents()
        return MeshDiagnostics(
            vertexCount: v, triangleCount: f, unreferencedVertices: v - referenced,
            edgeCount: edges.count, components: components, boundaryEdges: edges.boundary,
            nonManifoldEdges: edges.nonManifold, inconsistentlyOrientedEdges: edges.inconsistent,
            degenerateTriangles: degenerate, duplicateTriangles: duplicates,
            eulerCharacteristic: referenced - edges.count + proper)
    }

    /// Referenced vertices and connected components of triangles (union-find with path halving).
    private func countComponents() -> (referenced: Int, components: Int) {
        let v = vertexCount
        let unreferenced = UInt32.max
        var parent = [UInt32](repeating: unreferenced, count: v)
        return parent.withUnsafeMutableBufferPointer { parent in
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

    /// Sorts directed edge keys and classifies each undirected edge by how it is used.
    private func classifyEdges(_ keys: inout [UInt64])
        -> (count: Int, boundary: Int, nonManifold: Int, inconsistent: Int)
    {
        RadixSort.sort(&keys)
        var count = 0, boundary = 0, nonManifold = 0, inconsistent = 0
        keys.withUnsafeBufferPointer { keys in
            var start = 0
            while start < keys.count {
                let edge = keys[start] >> 1
                var end = start + 1
                while end < keys.count && keys[end] >> 1 == edge { end += 1 }
                count += 1
                switch end - start {
                case 1: boundary += 1
                case 2: if keys[start] == keys[start + 1] { inconsistent += 1 }
                default: nonManifold += 1
                }
                start = end
            }
        }
        return (count, boundary, nonManifold, inconsistent)
    }

    /// Counts faces whose vertex set repeats an earlier face's (hash runs, then exact compare).
    private func countDuplicateFaces(hashes: inout [UInt64], faces: inout [UInt32]) -> Int {
        RadixSort.sort(&hashes, payload: &faces)
        var duplicates = 0
        var start = 0
        while start < hashes.count {
            var end = start + 1
            while end < hashes.count && hashes[end] == hashes[start] { end += 1 }
            if end - start > 1 {
                // Equal hashes almost always mean equal sets; compare the sets to be exact.
                var sets = faces[start..<end].map { t -> SIMD3<UInt32> in
                    let (i, j, k) = triangle(Int(t))
                    return sortedTriple(i, j, k)
                }
                sets.sort { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }
                for n in 1..<sets.count where sets[n] == sets[n - 1] { duplicates += 1 }
            }
            start = end
        }
        return duplicates
    }
}

/// Whether the triangle's corners are collinear (or coincide), tested in `Double`.
@inline(__always)
func hasZeroArea(_ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>) -> Bool {
    let da = SIMD3<Double>(a)
    let n = cross(SIMD3<Double>(b) - da, SIMD3<Double>(c) - da)
    return n == .zero
}

/// `min << 32 | max << 1 | direction`: equal for both directions up to the lowest bit.
@inline(__always)
private func directedEdgeKey(_ a: UInt32, _ b: UInt32) -> UInt64 {
    a < b ? UInt64(a) << 32 | UInt64(b) << 1 : UInt64(b) << 32 | UInt64(a) << 1 | 1
}

@inline(__always)
private func sortedTriple(_ i: UInt32, _ j: UInt32, _ k: UInt32) -> SIMD3<UInt32> {
    let lo = min(i, min(j, k)), hi = max(i, max(j, k))
    return SIMD3(lo, i ^ j ^ k ^ lo ^ hi, hi)
}

/// A 64-bit mix of the sorted vertex triple (independent of winding).
@inline(__always)
private func hashOfVertexSet(_ i: UInt32, _ j: UInt32, _ k: UInt32) -> UInt64 {
    let s = sortedTriple(i, j, k)
    var h = UInt64(s.x) &* 0x9E37_79B9_7F4A_7C15
    h = (h ^ UInt64(s.y)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ UInt64(s.z)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
}
