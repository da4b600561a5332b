import SDFGeometry

/// The input vertices around which `MeshSimplifier` keeps the input's triangles as they are,
/// because simplifying there folded the surface.
struct FoldRegion {
    /// Rings of input triangles added around each defect vertex.
    static let rings = 2

    let mesh: TriangleMesh
    private var frozen: [Bool]

    init(mesh: TriangleMesh) {
        self.mesh = mesh
        frozen = [Bool](repeating: false, count: mesh.vertexCount)
    }

    /// The input triangles touching no frozen vertex (to simplify) and those touching one (kept).
    func split() -> (free: [UInt32], frozen: [UInt32]) {
        var free: [UInt32] = [], kept: [UInt32] = []
        free.reserveCapacity(mesh.indices.count)
        for t in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(t)
            if frozen[Int(i)] || frozen[Int(j)] || frozen[Int(k)] {
                kept += [i, j, k]
            } else {
                free += [i, j, k]
            }
        }
        return (free, kept)
    }

    /// Freezes `vertices` and the input vertices within `rings` triangle rings of them.
    mutating func freeze(around vertices: [UInt32]) {
        for v in vertices { frozen[Int(v)] = true }
        for _ in 0..<Self.rings {
            var grown = frozen
            for t in 0..<mesh.triangleCount {
                let (i, j, k) = mesh.triangle(t)
                if frozen[Int(i)] || frozen[Int(j)] || frozen[Int(k)] {
                    grown[Int(i)] = true
                    grown[Int(j)] = true
                    grown[Int(k)] = true
                }
            }
            frozen = grown
        }
    }

    /// Vertices of `mesh`'s defects: edges not used exactly twice in opposite directions, and
    /// degenerate or duplicate triangles.
    static func defectVertices(of mesh: TriangleMesh) -> [UInt32] {
        var defects: [UInt32] = []
        var edges: [UInt64] = []
        var faces: [SIMD3<UInt32>] = []
        for t in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(t)
            if mesh.isDegenerateTriangle(t) { defects += [i, j, k] }
            for (a, b) in [(i, j), (j, k), (k, i)] where a != b {
                edges.append(UInt64(Swift.min(a, b)) << 32 | UInt64(Swift.max(a, b)) << 1 | (a < b ? 0 : 1))
            }
            let lo = Swift.min(i, j, k), hi = Swift.max(i, j, k)
            faces.append(SIMD3(lo, i ^ j ^ k ^ lo ^ hi, hi))
        }
        edges.sort()
        var start = 0
        while start < edges.count {
            var end = start + 1
            while end < edges.count && edges[end] >> 1 == edges[start] >> 1 { end += 1 }
            if end - start != 2 || edges[start] == edges[start + 1] {
                defects += [UInt32(edges[start] >> 32), UInt32((edges[start] >> 1) & 0x7FFF_FFFF)]
            }
            start = end
        }
        faces.sort { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }
        for n in faces.indices.dropFirst() where faces[n] == faces[n - 1] {
            defects += [faces[n].x, faces[n].y, faces[n].z]
        }
        return defects
    }
}
