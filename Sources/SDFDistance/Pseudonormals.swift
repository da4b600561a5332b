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

    /// Puts `meshOrder` (seven normals per mesh triangle, from `meshOrder(_:)`) in leaf order.
    init(meshOrder: [SIMD3<Float>], bvh: BVH) {
        var normals = [SIMD3<Float>](repeating: .zero, count: 7 * bvh.triangleCount)
        for (slot, triangle) in bvh.triangleIndices.enumerated() {
            for k in 0..<7 { normals[7 * slot + k] = meshOrder[7 * Int(triangle) + k] }
        }
        self.normals = normals
    }

    /// The seven pseudonormals of every triangle of `mesh`, in mesh order.
    static func meshOrder(_ mesh: TriangleMesh) -> [SIMD3<Float>] {
        let n = mesh.triangleCount
        let faceNormals = (0..<n).map { t in SIMD3<Double>(mesh.areaVector(t)).normalizedOrZero }
        var vertexNormals = [SIMD3<Double>](repeating: .zero, count: mesh.vertexCount)
        // Half-edge 3t + c runs from corner c to corner c + 1 of triangle t; sorting the
        // undirected edge keys groups the half-edges of each edge.
        var edgeKeys = [UInt64](repeating: 0, count: 3 * n)
        var halfEdges = (0..<UInt32(3 * n)).map { $0 }
        for t in 0..<n {
            let (i, j, k) = mesh.triangle(t)
            let corners = SIMD3(i, j, k)
            for c in 0..<3 {
                let v = corners[c], next = corners[(c + 1) % 3], previous = corners[(c + 2) % 3]
                let origin = SIMD3<Double>(mesh.positions[Int(v)])
                let e1 = (SIMD3<Double>(mesh.positions[Int(next)]) - origin).normalizedOrZero
                let e2 = (SIMD3<Double>(mesh.positions[Int(previous)]) - origin).normalizedOrZero
                let angle = acos(Swift.min(1, Swift.max(-1, (e1 * e2).sum())))
                vertexNormals[Int(v)] += angle * faceNormals[t]
                edgeKeys[3 * t + c] = Self.edgeKey(v, next)
            }
        }
        RadixSort.sort(&edgeKeys, payload: &halfEdges)
        var edgeNormals = [SIMD3<Double>](repeating: .zero, count: 3 * n)
        var start = 0
        while start < edgeKeys.count {
            var end = start + 1
            while end < edgeKeys.count && edgeKeys[end] == edgeKeys[start] { end += 1 }
            var sum = SIMD3<Double>.zero
            for h in start..<end { sum += faceNormals[Int(halfEdges[h]) / 3] }
            for h in start..<end { edgeNormals[Int(halfEdges[h])] = sum }
            start = end
        }
        var normals = [SIMD3<Float>](repeating: .zero, count: 7 * n)
        for t in 0..<n {
            let (i, j, k) = mesh.triangle(t)
            normals[7 * t] = SIMD3<Float>(vertexNormals[Int(i)])
            normals[7 * t + 1] = SIMD3<Float>(vertexNormals[Int(j)])
            normals[7 * t + 2] = SIMD3<Float>(vertexNormals[Int(k)])
            for c in 0..<3 { normals[7 * t + 3 + c] = SIMD3<Float>(edgeNormals[3 * t + c]) }
            normals[7 * t + 6] = SIMD3<Float>(faceNormals[t])
        }
        return normals
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

