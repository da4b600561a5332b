import Testing
import SDFGeometry
import SDFTestSupport
import SDFDistance

@Suite struct SamplerTests {
    @Test func surfaceSamplesLieOnTheMeshAndFollowArea() throws {
        // Two squares: the second has four times the area of the first.
        var mesh = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0)],
                                indices: [0, 1, 2, 0, 2, 3])
        mesh.append(mesh.transformed { $0 * 2 + SIMD3(5, 0, 0) })
        let sampler = try SurfaceSampler(mesh: mesh)
        #expect(abs(sampler.surfaceArea - 5) < 1e-9)
        let (points, normals) = sampler.samples(count: 20000, seed: 1)
        let onLarge = points.filter { $0.x >= 5 }.count
        #expect(abs(Double(onLarge) / 20000 - 0.8) < 0.02)
        #expect(points.allSatisfy { $0.z == 0 } && normals.allSatisfy { $0 == SIMD3(0, 0, 1) })
        #expect(points.filter { $0.x < 0.5 }.count > 1500)  // uniform inside the small square too
        let again = sampler.samples(count: 100, seed: 1).points
        #expect(Array(points.prefix(100)) == again)
        #expect(sampler.samples(count: 100, seed: 2).points != again)
        #expect(throws: SDFError.self) { try SurfaceSampler(mesh: TriangleMesh()) }
    }

    @Test func trainingBatchHasTheMixAndExactDistances() throws {
        let mesh = TestMeshes.icosphere(levels: 3)
        let field = try MeshDistanceField(mesh: mesh)
        let sampler = try TrainingSampler(field: field)
        let counts = sampler.counts(batchSize: 8000)
        #expect(counts.uniform == 1000 && counts.surface == 4000 && counts.nearSurface == 3000)
        let (points, distances) = sampler.batch(size: 8000, batch: 3, seed: 9)
        let sigma = 8.46e-4 * mesh.bounds.longestSide
        for i in 0..<8000 {
            let p = points[i], d = distances[i]
            #expect(abs(Double(d) - Double(field.distance(at: p))) < 1e-6)
            if i < 1000 { #expect(sampler.domain.contains(p)) }
            if (1000..<5000).contains(i) { #expect(d == 0 && abs(BruteForce.distance(p, to: mesh)) < 1e-6) }
            if i >= 5000 { #expect(abs(d) < 30 * sigma) }
        }
        let near = distances[5000...].map { abs($0) }
        let mean = near.reduce(0, +) / Float(near.count)
        #expect(mean > 0.2 * sigma && mean < 2 * sigma)
        #expect(distances[5000...].filter { $0 < 0 }.count > 1000)  // both sides of the surface
        let again = sampler.batch(size: 8000, batch: 3, seed: 9)
        #expect(again.points == points && again.distances == distances)
        #expect(sampler.batch(size: 8000, batch: 4, seed: 9).points != points)
    }

    @Test func configurationIsValidatedAndRespected() throws {
        let field = try MeshDistanceField(mesh: TestMeshes.cube())
        var configuration = TrainingSampler.Configuration()
        configuration.uniformShare = 1
        configuration.surfaceShare = 0
        configuration.nearSurfaceShare = 1
        configuration.padding = 0.5
        configuration.dropsAmbiguous = true
        let sampler = try TrainingSampler(field: field, configuration: configuration)
        #expect(sampler.counts(batchSize: 10) == (5, 0, 5))
        #expect(sampler.domain == AABB(min: SIMD3(repeating: -0.5), max: SIMD3(repeating: 1.5)))
        let (points, distances) = sampler.batch(size: 1000, batch: 0, seed: 1)
        for (p, d) in zip(points, distances) {
            #expect(abs(Double(d) - BruteForce.boxDistance(p, lo: 0, hi: 1)) < 1e-6)
        }
        configuration.surfaceShare = -1
        #expect(throws: SDFError.self) { try TrainingSampler(field: field, configuration: configuration) }
    }
}
