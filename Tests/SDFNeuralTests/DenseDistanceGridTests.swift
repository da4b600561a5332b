import SDFGeometry
import SDFNeural
import SDFTestSupport
import Testing

/// The dense-grid baseline against the exact distance of a sphere.
@Suite struct DenseDistanceGridTests {
    struct Sphere: DistanceField {
        var bounds: AABB { AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1)) }
        var accuracy: FieldAccuracy { .exact }
        func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
            for i in points.indices { distances[i] = length(points[i]) - 0.7 }
        }
    }

    @Test func interpolatesExactSamplesTrilinearly() throws {
        let box = AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1))
        let grid = try DenseDistanceGrid(sampling: Sphere(), box: box, resolution: 33)
        #expect(grid.byteCount == 33 * 33 * 33 * 4)
        var random = TestRandom(seed: 3)
        let points = (0..<2000).map { _ in random.point(in: -0.95, 0.95) }
        let values = grid.distances(at: points)
        for (p, d) in zip(points, values) {
            // Trilinear interpolation of a 1-Lipschitz field with cells of 1/16: error ≤ ~h²·κ.
            #expect(abs(d - (length(p) - 0.7)) < 0.01)
        }
        // Grid points reproduce the samples exactly.
        #expect(abs(grid.distance(at: SIMD3(0.5, 0, 0)) - (0.5 - 0.7)) < 1e-6)
        // Outside the box the value grows with the distance to the box.
        #expect(abs(grid.distance(at: SIMD3(3, 0, 0)) - (grid.distance(at: SIMD3(1, 0, 0)) + 2)) < 1e-5)
        #expect(throws: SDFError.self) { try DenseDistanceGrid(sampling: Sphere(), box: box, resolution: 1) }
    }
}
