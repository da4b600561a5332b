import Foundation
import SDFGeometry
import SDFModelling
import Testing

/// 2D profiles, extrusions and revolutions.
@Suite struct ProfileTests {
    let star: [SIMD2<Float>] = (0..<10).map { i in
        let a = Float(i) * .pi / 5, r: Float = i % 2 == 0 ? 1 : 0.45
        return SIMD2(r * cos(a), r * sin(a))
    }

    @Test func polygonMatchesBruteForceInBothOrientations() throws {
        let points = randomPoints(3000, extent: 1.5, seed: 20)
        for vertices in [star, star.reversed()] {
            let field = Polygon(vertices: vertices).extruded(height: 100)
            let values = field.distances(at: points.map { SIMD3($0.x, $0.y, 0) })
            for (v, p) in zip(values, points) {
                #expect(abs(v - Reference.polygon(SIMD2(p.x, p.y), vertices)) < 1e-5)
            }
        }
    }

    @Test func selfOverlappingPolygonUsesNonZeroWinding() {
        // A pentagram traced as one self-intersecting loop: the central pentagon has winding 2
        // (inside with non-zero winding, outside with even-odd).
        let pentagram: [SIMD2<Float>] = (0..<5).map { i in
            let a = Float(i * 2) * 2 * .pi / 5 + .pi / 2
            return SIMD2(cos(a), sin(a))
        }
        let field = Polygon(vertices: pentagram).extruded(height: 10)
        #expect(field.distance(at: .zero) < 0)
        #expect(field.distance(at: [0, 0.8, 0]) < 0)  // inside a point of the star
        #expect(field.distance(at: [0, 1.2, 0]) > 0)
    }

    @Test func extrudedRectangleIsABox() {
        let points = randomPoints(2000, extent: 2, seed: 21)
        let extruded = Rectangle(size: [1.2, 0.6]).extruded(height: 0.8).distances(at: points)
        let box = Box(size: [1.2, 0.6, 0.8]).distances(at: points)
        #expect(zip(extruded, box).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func extrudedCircleIsACylinder() {
        let points = randomPoints(2000, extent: 2, seed: 22)
        let extruded = Circle(radius: 0.7).extruded(height: 1).distances(at: points)
        let cylinder = Cylinder(radius: 0.7, height: 1).distances(at: points)
        #expect(zip(extruded, cylinder).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func revolvedCircleIsATorusAndRevolvedRectangleACylinder() {
        let points = randomPoints(2000, extent: 2, seed: 23)
        let revolved = Circle(radius: 0.3).revolved(offset: 1).distances(at: points)
        let torus = Torus(majorRadius: 1, minorRadius: 0.3).distances(at: points)
        #expect(zip(revolved, torus).allSatisfy { abs($0 - $1) < 1e-5 })

        // The profile spans both sides of the axis, so no spurious surface lies on it.
        let slab = Rectangle(size: [1.6, 1.0]).revolved()
        let cylinder = Cylinder(radius: 0.8, height: 1.0).distances(at: points)
        #expect(zip(slab.distances(at: points), cylinder).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func roundedRectangleAndProfileCSG() {
        let points = randomPoints(1000, extent: 1.5, seed: 24).map { SIMD3($0.x, $0.y, 0) }
        let rounded = RoundedRectangle(size: [1, 0.6], radius: 0.1).extruded(height: 10).distances(at: points)
        let inner = Rectangle(size: [0.8, 0.4]).extruded(height: 10).distances(at: points)
        #expect(zip(rounded, inner).allSatisfy { abs($0 - ($1 - 0.1)) < 1e-5 })

        let ring = (Circle(radius: 1) - Circle(radius: 0.5)).extruded(height: 10).distances(at: points)
        for (v, p) in zip(ring, points) {
            let r = (p.x * p.x + p.y * p.y).squareRoot()
            #expect(abs(v - max(r - 1, 0.5 - r)) < 1e-5)
        }
    }
}
