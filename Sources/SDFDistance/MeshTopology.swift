import SDFGeometry

/// Whether the pseudonormal sign is valid for a mesh: every undirected edge is shared by exactly
/// two triangles that traverse it in opposite directions (closed, manifold, consistently
/// oriented), no triangle is degenerate, and the enclosed volume is positive (outward normals).
func supportsPseudonormalSign(_ mesh: TriangleMesh) -> Bool {
    guard !mesh.isEmpty else { return false }
    // Per undirected edge: traversals from the lower to the higher index, and the reverse.
    var traversals = [UInt64: SIMD2<Int32>](minimumCapacity: mesh.triangleCount * 3 / 2)
    for t in 0..<mesh.triangleCount {
        let (i, j, k) = mesh.triangle(t)
        guard i != j, j != k, k != i, lengthSquared(mesh.areaVector(t)) > 0 else { return false }
        for (a, b) in [(i, j), (j, k), (k, i)] {
            let key = UInt64(Swift.min(a, b)) << 32 | UInt64(Swift.max(a, b))
            traversals[key, default: .zero][a < b ? 0 : 1] += 1
        }
    }
    guard traversals.values.allSatisfy({ $0 == SIMD2(1, 1) }) else { return false }
    return mesh.signedVolume > 0
}
