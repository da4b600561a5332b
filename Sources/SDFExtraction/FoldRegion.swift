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
}
