#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SDFGeometry

/// Angle-weighted pseudonormals (Bærentzen & Aanæs 2005) for every feature of every triangle, in
/// BVH leaf order: the face normal, the edge normals (sum of the two adjacent face normals) and
/// the vertex normals (face normals weighted by the incident angle). For a closed, consistently
/// oriented manifold, sign((p − c)·n) at the closest point c is the inside/outside sign of p.
struct Pseudonormals: Sendable {
    /// Seven normals per leaf slot, indexed by `TriangleFeature.rawValue`
    /// (vertex 0…2, edge 01, 12, 20, face).
    private let normals: [SIMD3<Float>]

    init(mesh: TriangleMesh, bvh: BVH) {
        let faceNormals = (0..<mesh.triangleCount).map { t in
            SIMD3<Double>(mesh.areaVector(t)).normalizedOrZero
        }
        var vertexNormals = [SIMD3<Double>](repeating: .zero, count: mesh.vertexCount)
        var edgeNormals = [UInt64: SIMD3<Double>](minimumCapacity: mesh.triangleCount * 3 / 2)
        for t in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(t)
            let corners = [i, j, k]
            for c in 0..<3 {
                let v = corners[c], next = corners[(c + 1) % 3], previous = corners[(c + 2) % 3]
                let origin = SIMD3<Double>(mesh.positions[Int(v)])
                let e1 = (SIMD3<Double>(mesh.positions[Int(next)]) - origin).normalizedOrZero
                let e2 = (SIMD3<Double>(mesh.positions[Int(previous)]) - origin).normalizedOrZero
                let angle = acos(Swift.min(1, Swift.max(-1, (e1 * e2).sum())))
                vertexNormals[Int(v)] += angle * faceNormals[t]
                edgeNormals[Self.edgeKey(v, next), default: .zero] += faceNormals[t]
            }
        }
        var normals = [SIMD3<Float>]()
        normals.reserveCapacity(7 * bvh.triangleCount)
        for t in bvh.triangleIndices.map(Int.init) {
            let (i, j, k) = mesh.triangle(t)
            for v in [i, j, k] { normals.append(SIMD3<Float>(vertexNormals[Int(v)])) }
            for (a, b) in [(i, j), (j, k), (k, i)] { normals.append(SIMD3<Float>(edgeNormals[Self.edgeKey(a, b)]!)) }
            normals.append(SIMD3<Float>(faceNormals[t]))
        }
        self.normals = normals
    }

    /// The pseudonormal of `feature` on leaf slot `slot`.
    @inline(__always)
    func normal(slot: Int, feature: TriangleFeature) -> SIMD3<Float> {
        normals[7 * slot + Int(feature.rawValue)]
    }

    private static func edgeKey(_ a: UInt32, _ b: UInt32) -> UInt64 {
        UInt64(Swift.min(a, b)) << 32 | UInt64(Swift.max(a, b))
    }
}

extension SIMD3 where Scalar == Double {
    /// The unit vector along `self`, or zero.
    var normalizedOrZero: SIMD3<Double> {
        let l = (self * self).sum().squareRoot()
        return l > 0 ? self / l : .zero
    }
}

