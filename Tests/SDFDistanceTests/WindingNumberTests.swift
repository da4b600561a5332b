import Testing
import SDFGeometry
import SDFTestSupport
import SDFDistance

@Suite struct WindingNumberTests {
    @Test func exactWindingNumberIsOneInsideAndZeroOutside() {
        let mesh = TestMeshes.torus(u: 24, v: 12)
        #expect(abs(exactWindingNumber(of: mesh, at: SIMD3(1, 0, 0)) - 1) < 1e-9)
        #expect(abs(exactWindingNumber(of: mesh, at: SIMD3(0, -1, 0.1)) - 1) < 1e-9)
        #expect(abs(exactWindingNumber(of: mesh, at: .zero)) < 1e-9)
        #expect(abs(exactWindingNumber(of: mesh, at: SIMD3(3, 1, 0.5))) < 1e-9)
        #expect(abs(exactWindingNumber(of: mesh.flipped(), at: SIMD3(1, 0, 0)) + 1) < 1e-9)
    }

    @Test(arguments: [0, 1, 2])
    func fastMatchesExact(meshIndex: Int) {
        let meshes = [TestMeshes.torus(), TestMeshes.icosphere(levels: 4), BVHTests.randomSoup(triangles: 600, seed: 5)]
        let mesh = meshes[meshIndex]
        let bvh = BVH(mesh: mesh)
        let fast = FastWindingNumber(bvh: bvh)
        let precise = FastWindingNumber(bvh: bvh, accuracy: 8)
        let exactTree = FastWindingNumber(bvh: bvh, accuracy: 0)
        var random = TestRandom(seed: 11)
        let box = mesh.bounds.padded(by: 0.3 * mesh.bounds.longestSide)
        let points = (0..<400).map { _ in box.min + random.point(in: 0, 1) * box.size }
        let approximate = fast.windingNumbers(at: points)
        let exact = exactTree.windingNumbers(at: points)
        let accurate = precise.windingNumbers(at: points)
        for (i, p) in points.enumerated() {
            let reference = exactWindingNumber(of: mesh, at: p)
            #expect(abs(Double(exact[i]) - reference) < 1e-4, "exact tree at \(p)")
            // Truncation error falls as β⁻⁴ for an order-2 expansion: ~1e-2 at β = 2, ~1e-5 at 8.
            #expect(abs(Double(approximate[i]) - reference) < 1e-2, "β = 2 at \(p)")
            #expect(abs(Double(accurate[i]) - reference) < 1e-4, "β = 8 at \(p)")
            if abs(reference - 0.5) > 0.05 { #expect((approximate[i] > 0.5) == (reference > 0.5)) }
        }
    }

    @Test func closedMeshWindingIsIntegerAwayFromTheSurface() throws {
        let mesh = TestMeshes.icosphere(levels: 4)
        let fast = FastWindingNumber(bvh: BVH(mesh: mesh))
        var random = TestRandom(seed: 12)
        for _ in 0..<500 {
            let p = random.point(in: -2, 2)
            let r = length(p)
            guard abs(r - 1) > 0.02 else { continue }
            #expect(abs(fast.windingNumber(at: p) - (r < 1 ? 1 : 0)) < 1e-2, "at \(p)")
        }
    }
}
