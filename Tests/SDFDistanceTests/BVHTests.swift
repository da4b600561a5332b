import Testing
import SDFGeometry
import SDFTestSupport
import SDFDistance

@Suite struct BVHTests {
    /// A soup of random triangles in the unit cube, some tiny and some degenerate.
    static func randomSoup(triangles: Int, seed: UInt64) -> TriangleMesh {
        var random = TestRandom(seed: seed)
        var mesh = TriangleMesh()
        for t in 0..<triangles {
            let a = random.point(in: 0, 1)
            let scale: Float = t % 7 == 0 ? 0.01 : 0.3
            let b = a + random.point(in: -scale, scale)
            let c = t % 11 == 0 ? a + (b - a) * 0.5 : a + random.point(in: -scale, scale)  // collinear
            let base = UInt32(mesh.positions.count)
            mesh.positions += [a, b, c]
            mesh.indices += [base, base + 1, base + 2]
        }
        return mesh
    }

    @Test(arguments: [1, 3, 17, 200, 1500])
    func unsignedDistanceMatchesBruteForce(triangles: Int) {
        let mesh = Self.randomSoup(triangles: triangles, seed: UInt64(triangles))
        let bvh = BVH(mesh: mesh)
        #expect(bvh.triangleCount == triangles)
        #expect(Set(bvh.triangleIndices).count == triangles)
        var random = TestRandom(seed: 99)
        let points = (0..<400).map { _ in random.point(in: -0.5, 1.5) }
        var distances = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            distances.withUnsafeMutableBufferPointer { bvh.unsignedDistances(at: p, into: $0) }
        }
        let tolerance = 1e-5 * Double(mesh.bounds.diagonal)
        for (p, d) in zip(points, distances) {
            #expect(abs(Double(d) - BruteForce.distance(p, to: mesh)) <= tolerance)
        }
    }

    @Test func closestPointReportsTriangleAndFeature() throws {
        let mesh = TestMeshes.cube()
        let bvh = BVH(mesh: mesh)
        let face = try #require(bvh.closestPoint(to: SIMD3(0.5, 0.4, 1.5)))
        #expect(face.feature == .face && abs(face.distance - 0.5) < 1e-6)
        #expect(abs(face.point.z - 1) < 1e-6)
        let (a, b, c) = mesh.corners(face.triangle)
        #expect(a.z == 1 && b.z == 1 && c.z == 1)
        let corner = try #require(bvh.closestPoint(to: SIMD3(2, 2, 2)))
        #expect(corner.point == SIMD3(1, 1, 1))
        #expect(abs(corner.distance - Float(3).squareRoot()) < 1e-6)
        let edge = try #require(bvh.closestPoint(to: SIMD3(0.5, -1, -1)))
        #expect(abs(edge.distance - Float(2).squareRoot()) < 1e-6)
        #expect(edge.feature != .face)
    }

    @Test func upperBoundPrunesButNeverLies() {
        let bvh = BVH(mesh: TestMeshes.cube())
        let p = SIMD3<Float>(0.5, 0.5, 1.25)
        #expect(bvh.closestPoint(to: p, upperBound: 0.1) == nil)
        #expect(bvh.closestPoint(to: p, upperBound: 0.25)?.distance == 0.25)
        #expect(bvh.closestPoint(to: p)?.distance == 0.25)
    }

    @Test func nonFinitePointsGiveNaNAndEmptyMeshGivesInfinity() {
        let bvh = BVH(mesh: TestMeshes.cube())
        let points: [SIMD3<Float>] = [SIMD3(.nan, 0, 0), SIMD3(0, .infinity, 0), SIMD3(0.5, 0.5, 2)]
        var out = [Float](repeating: 0, count: 3)
        points.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { bvh.unsignedDistances(at: p, into: $0) } }
        #expect(out[0].isNaN && out[1].isNaN && out[2] == 1)
        let empty = BVH(mesh: TriangleMesh())
        #expect(empty.closestPoint(to: .zero) == nil)
        #expect(empty.triangleCount == 0)
    }
}
