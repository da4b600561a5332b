import Testing
import SDFGeometry
import SDFTestSupport

@Suite struct TriangleMeshTests {
    @Test func cubeHasUnitVolumeAndAreaSix() {
        let cube = TestMeshes.cube()
        #expect(abs(cube.signedVolume - 1) < 1e-6)
        #expect(abs(cube.surfaceArea - 6) < 1e-5)
        #expect(abs(cube.flipped().signedVolume + 1) < 1e-6)
        #expect(cube.bounds == AABB(min: .zero, max: SIMD3(repeating: 1)))
    }

    @Test func icosphereApproachesTheBall() {
        let sphere = TestMeshes.icosphere(levels: 4)
        let ball = 4.0 / 3.0 * Double.pi
        #expect(sphere.signedVolume > 0.98 * ball && sphere.signedVolume < ball)
        for (p, n) in zip(sphere.positions, sphere.vertexNormals()) {
            #expect(dot(p, n) > 0.99)
        }
    }

    @Test func torusVolumeMatchesPappus() {
        let torus = TestMeshes.torus(majorRadius: 1, minorRadius: 0.3, u: 96, v: 48)
        let exact = 2 * Double.pi * Double.pi * 1 * 0.09
        #expect(abs(torus.signedVolume - exact) / exact < 0.01)
    }

    @Test func appendOffsetsIndices() {
        var a = TestMeshes.cube()
        a.append(TestMeshes.cube(2, 3))
        #expect(a.triangleCount == 24 && a.vertexCount == 16)
        #expect(abs(a.signedVolume - 2) < 1e-5)
    }
}
