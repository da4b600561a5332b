import Foundation
import SDFGeometry
import SDFModelling
import SDFTestSupport

/// Independent scalar references: brute-force distances to explicit geometry (segments,
/// triangles, sampled curves), written without the closed forms under test.
enum Reference {
    /// Distance from `p` to the segment `a`–`b`.
    static func segmentDistance(_ p: SIMD3<Float>, _ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float {
        let e = b - a
        let t = lengthSquared(e) > 0 ? max(0, min(1, dot(p - a, e) / lengthSquared(e))) : 0
        return length(p - (a + t * e))
    }

    /// Distance from `p` to the 2D segment `a`–`b` (as 3D with z = 0).
    static func segmentDistance(_ p: SIMD2<Float>, _ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float {
        segmentDistance(SIMD3(p, 0), SIMD3(a, 0), SIMD3(b, 0))
    }

    /// Distance from `p` to triangle `abc` (Voronoi regions: interior projection or an edge).
    static func triangleDistance(_ p: SIMD3<Float>, _ a: SIMD3<Float>, _ b: SIMD3<Float>, _ c: SIMD3<Float>) -> Float {
        let n = normalizedOrZero(cross(b - a, c - a))
        let projected = p - dot(p - a, n) * n
        let inside = dot(cross(b - a, projected - a), n) >= 0 && dot(cross(c - b, projected - b), n) >= 0
            && dot(cross(a - c, projected - c), n) >= 0
        if inside { return abs(dot(p - a, n)) }
        return min(segmentDistance(p, a, b), segmentDistance(p, b, c), segmentDistance(p, c, a))
    }

    /// Signed distance to a convex polyhedron given by its triangles (outward CCW): the nearest
    /// triangle, negative when `p` is behind every face plane.
    static func convexPolyhedron(_ p: SIMD3<Float>, _ triangles: [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)]) -> Float {
        var d = Float.infinity
        var inside = true
        for (a, b, c) in triangles {
            d = min(d, triangleDistance(p, a, b, c))
            if dot(p - a, cross(b - a, c - a)) > 0 { inside = false }
        }
        return inside ? -d : d
    }

    /// The 8 faces of the octahedron `|x|+|y|+|z| = s`.
    static func octahedronFaces(_ s: Float) -> [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] {
        var faces: [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] = []
        for sx: Float in [-1, 1] {
            for sy: Float in [-1, 1] {
                for sz: Float in [-1, 1] {
                    let a = SIMD3<Float>(sx * s, 0, 0), b = SIMD3<Float>(0, sy * s, 0), c = SIMD3<Float>(0, 0, sz * s)
                    faces.append(sx * sy * sz > 0 ? (a, b, c) : (a, c, b))
                }
            }
        }
        return faces
    }

    /// The 6 faces of a square pyramid (base side `base` on z = 0, apex at `height`).
    static func pyramidFaces(base: Float, height: Float) -> [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] {
        let h = base / 2
        let c = [SIMD3<Float>(-h, -h, 0), SIMD3(h, -h, 0), SIMD3(h, h, 0), SIMD3(-h, h, 0)]
        let apex = SIMD3<Float>(0, 0, height)
        var faces = [(c[0], c[2], c[1]), (c[0], c[3], c[2])]
        for i in 0..<4 { faces.append((c[i], c[(i + 1) % 4], apex)) }
        return faces
    }

    /// The 4 faces of the tetrahedron with vertices s·(1,1,1), s·(1,−1,−1), s·(−1,1,−1), s·(−1,−1,1).
    static func tetrahedronFaces(_ s: Float) -> [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] {
        let v = [SIMD3<Float>(1, 1, 1), SIMD3(1, -1, -1), SIMD3(-1, 1, -1), SIMD3(-1, -1, 1)].map { $0 * s }
        var faces: [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] = []
        for skip in 0..<4 {
            let f = (0..<4).filter { $0 != skip }.map { v[$0] }
            // Orient outward: away from the skipped vertex.
            faces.append(dot(cross(f[1] - f[0], f[2] - f[0]), f[0] - v[skip]) > 0 ? (f[0], f[1], f[2]) : (f[0], f[2], f[1]))
        }
        return faces
    }

    /// Signed distance to a closed 2D polygon: nearest edge, inside by ray-crossing parity.
    static func polygon(_ p: SIMD2<Float>, _ vertices: [SIMD2<Float>]) -> Float {
        var d = Float.infinity
        var inside = false
        for i in 0..<vertices.count {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            d = min(d, segmentDistance(p, a, b))
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
                if p.x < x { inside.toggle() }
            }
        }
        return inside ? -d : d
    }

    /// Signed distance to the solid of revolution around z of a 2D polygon in (ρ, z), ρ ≥ 0.
    static func revolvedPolygon(_ p: SIMD3<Float>, _ profile: [SIMD2<Float>]) -> Float {
        polygon(SIMD2((p.x * p.x + p.y * p.y).squareRoot(), p.z), profile)
    }

    /// Minimum distance from `p` to `count` points on the circle of radius `r` in the xy plane.
    static func circleDistance(_ p: SIMD3<Float>, radius r: Float, count: Int = 20000) -> Float {
        var d = Float.infinity
        for i in 0..<count {
            let a = Float(i) / Float(count) * 2 * .pi
            d = min(d, length(p - SIMD3(r * cos(a), r * sin(a), 0)))
        }
        return d
    }
}

/// Central-difference gradients with step `h`, evaluated through the batched API.
func finiteDifferenceGradients(_ field: some DistanceField, at points: [SIMD3<Float>], step h: Float = 1e-3) -> [SIMD3<Float>] {
    var shifted: [SIMD3<Float>] = []
    for p in points {
        for axis in 0..<3 {
            var e = SIMD3<Float>.zero
            e[axis] = h
            shifted.append(p + e)
            shifted.append(p - e)
        }
    }
    let values = field.distances(at: shifted)
    return (0..<points.count).map { i in
        SIMD3((values[6 * i] - values[6 * i + 1]), (values[6 * i + 2] - values[6 * i + 3]),
              (values[6 * i + 4] - values[6 * i + 5])) / (2 * h)
    }
}

/// `count` deterministic random points in the cube `[-extent, extent]³`.
func randomPoints(_ count: Int, extent: Float, seed: UInt64) -> [SIMD3<Float>] {
    var random = TestRandom(seed: seed)
    return (0..<count).map { _ in random.point(in: -extent, extent) }
}
