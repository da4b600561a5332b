import SDFGeometry

/// Small meshes with known geometry, built in code (no files needed).
public enum TestMeshes {
    /// The axis-aligned cube `[lo, hi]³`, 12 outward-facing triangles, closed, volume `(hi−lo)³`.
    public static func cube(_ lo: Float = 0, _ hi: Float = 1) -> TriangleMesh {
        var positions: [SIMD3<Float>] = []
        for c in 0..<8 {
            positions.append(SIMD3(c & 1 == 0 ? lo : hi, c & 2 == 0 ? lo : hi, c & 4 == 0 ? lo : hi))
        }
        let quads: [[UInt32]] = [
            [0, 2, 3, 1], [4, 5, 7, 6],  // z = lo, z = hi
            [0, 1, 5, 4], [2, 6, 7, 3],  // y = lo, y = hi
            [0, 4, 6, 2], [1, 3, 7, 5],  // x = lo, x = hi
        ]
        var indices: [UInt32] = []
        for q in quads { indices += [q[0], q[1], q[2], q[0], q[2], q[3]] }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// A unit-radius icosphere subdivided `levels` times, outward-facing, centred at `center`.
    public static func icosphere(levels: Int, radius: Float = 1, center: SIMD3<Float> = .zero) -> TriangleMesh {
        let t: Float = (1 + Float(5).squareRoot()) / 2
        var positions: [SIMD3<Float>] = [
            SIMD3(-1, t, 0), SIMD3(1, t, 0), SIMD3(-1, -t, 0), SIMD3(1, -t, 0),
            SIMD3(0, -1, t), SIMD3(0, 1, t), SIMD3(0, -1, -t), SIMD3(0, 1, -t),
            SIMD3(t, 0, -1), SIMD3(t, 0, 1), SIMD3(-t, 0, -1), SIMD3(-t, 0, 1),
        ].map { normalizedOrZero($0) }
        var indices: [UInt32] = [
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6,
            7, 1, 8, 3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7,
            9, 8, 1,
        ]
        for _ in 0..<levels {
            var midpoints: [UInt64: UInt32] = [:]
            func midpoint(_ a: UInt32, _ b: UInt32) -> UInt32 {
                let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
                if let m = midpoints[key] { return m }
                positions.append(normalizedOrZero(positions[Int(a)] + positions[Int(b)]))
                let m = UInt32(positions.count - 1)
                midpoints[key] = m
                return m
            }
            var next: [UInt32] = []
            for f in stride(from: 0, to: indices.count, by: 3) {
                let (a, b, c) = (indices[f], indices[f + 1], indices[f + 2])
                let ab = midpoint(a, b), bc = midpoint(b, c), ca = midpoint(c, a)
                next += [a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca]
            }
            indices = next
        }
        return TriangleMesh(positions: positions.map { $0 * radius + center }, indices: indices)
    }

    /// A torus around the z axis (major radius `R`, minor `r`), `u × v` quads split in two.
    public static func torus(majorRadius R: Float = 1, minorRadius r: Float = 0.3, u: Int = 48, v: Int = 24) -> TriangleMesh {
        var positions: [SIMD3<Float>] = []
        positions.reserveCapacity(u * v)
        for i in 0..<u {
            let a = Float(i) / Float(u) * 2 * .pi
            for j in 0..<v {
                let b = Float(j) / Float(v) * 2 * .pi
                positions.append(SIMD3((R + r * cos(b)) * cos(a), (R + r * cos(b)) * sin(a), r * sin(b)))
            }
        }
        var indices: [UInt32] = []
        indices.reserveCapacity(6 * u * v)
        for i in 0..<u {
            for j in 0..<v {
                let p = UInt32(i * v + j), q = UInt32(((i + 1) % u) * v + j)
                let p1 = UInt32(i * v + (j + 1) % v), q1 = UInt32(((i + 1) % u) * v + (j + 1) % v)
                indices += [p, q, q1, p, q1, p1]
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}

#if canImport(Glibc)
import Glibc
#endif
