import SDFGeometry
import SDFModelling
import Testing

/// Bare primitives evaluate through a cached program that equals a fresh compile.
@Suite struct ShapeCacheTests {
    let points = randomPoints(1000, extent: 1.5, seed: 70)

    @Test func equalPrimitivesShareOneProgram() {
        // Tests running in parallel fill the same small cache, and may evict the entry between
        // the two lookups of one attempt (seen once under load); a cache that never shares fails
        // every attempt.
        let shared = (0..<3).contains { _ in
            Sphere(radius: 0.8).shape.program === Sphere(radius: 0.8).shape.program
        }
        #expect(shared)
        #expect(Box(side: 1).shape.program !== Box(side: 1.1).shape.program)
    }

    @Test func cachedProgramsGiveTheValuesAndGradientsOfAFreshCompile() {
        var box = Box(size: [1, 0.5, 0.7], center: [0.1, 0, 0])
        let primitives: [any ShapeConvertible] = [box, Sphere(radius: 0.6), Cone(height: 1, bottomRadius: 0.5, topRadius: 0.1),
                                                  Torus(majorRadius: 0.7, minorRadius: 0.2), Pyramid(base: 1, height: 0.7)]
        for primitive in primitives {
            let fresh = Shape(primitive.node)
            #expect(primitive.distances(at: points) == fresh.distances(at: points))
            #expect(primitive.gradients(at: points) == fresh.gradients(at: points))
            #expect(primitive.bounds == fresh.bounds && primitive.accuracy == fresh.accuracy)
        }
        // A mutated primitive is a different tree: its values change with it.
        let before = box.distances(at: points)
        box.size.x = 2
        #expect(box.distances(at: points) == Shape(box.node).distances(at: points))
        #expect(box.distances(at: points) != before)
    }
}
