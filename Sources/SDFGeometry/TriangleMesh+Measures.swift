/// Normals, area and volume.
extension TriangleMesh {
    /// Unnormalised normal of triangle `t` (length = twice its area).
    @inlinable
    public func areaVector(_ t: Int) -> SIMD3<Float> {
        let (a, b, c) = corners(t)
        return cross(b - a, c - a)
    }

    /// Unit face normals (zero for degenerate triangles).
    public func faceNormals() -> [SIMD3<Float>] {
        (0..<triangleCount).map { normalizedOrZero(areaVector($0)) }
    }

    /// Area-weighted unit vertex normals (zero for isolated vertices).
    public func vertexNormals() -> [SIMD3<Float>] {
        var normals = [SIMD3<Float>](repeating: .zero, count: vertexCount)
        for t in 0..<triangleCount {
            let n = areaVector(t)
            let (i, j, k) = triangle(t)
            normals[Int(i)] += n
            normals[Int(j)] += n
            normals[Int(k)] += n
        }
        return normals.map(normalizedOrZero)
    }

    /// Total surface area, accumulated in Double.
    public var surfaceArea: Double {
        var sum = 0.0
        for t in 0..<triangleCount { sum += Double(length(areaVector(t))) * 0.5 }
        return sum
    }

    /// Signed enclosed volume (divergence theorem), accumulated in Double; positive for a closed
    /// outward-oriented mesh. Computed relative to the bounds centre to limit cancellation.
    public var signedVolume: Double {
        let o = bounds.center
        var sum = 0.0
        for t in 0..<triangleCount {
            let (a, b, c) = corners(t)
            sum += Double(dot(a - o, cross(b - o, c - o)))
        }
        return sum / 6
    }
}
