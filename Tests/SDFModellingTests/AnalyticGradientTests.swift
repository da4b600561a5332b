import SDFGeometry
import SDFModelling
import Testing

/// `Shape.gradients` (forward mode through the tape) against central differences of the
/// values, at points where the field is smooth.
@Suite struct AnalyticGradientTests {
    /// Every primitive, profile and operator, including a wrapped field and a smooth blend.
    let shapes: [(String, Shape)] = GradientTests().exactShapes + GradientTests().boundShapes + [
        ("cone, apex up", Cone(height: 1, bottomRadius: 0.7, topRadius: 0).shape),
        ("rectangle", Rectangle(size: [1, 0.6]).extruded(height: 0.5)),
        ("rounded rectangle", RoundedRectangle(size: [1, 0.6], radius: 0.15).extruded(height: 0.5)),
        ("profile CSG revolved", ((Circle(radius: 0.3) | Rectangle(size: [0.2, 0.9])) - Circle(radius: 0.1))
            .revolved(offset: 0.6)),
        ("mirror", Sphere(radius: 0.4, center: [0.5, 0.3, 0]).mirrored([.x, .y])),
        ("smooth intersection", Box(side: 1).smoothIntersection(Sphere(radius: 0.65), k: 0.2)),
        ("chamfer difference", Box(side: 1).chamferDifference(Cylinder(radius: 0.3, height: 2), k: 0.1)),
        ("chamfer intersection", Box(side: 1).chamferIntersection(Sphere(radius: 0.65), k: 0.15)),
        ("offset and scale", Torus(majorRadius: 0.6, minorRadius: 0.2).dilated(by: 0.05).scaled(by: 1.5)),
        ("twisted and bent", Box(size: [0.8, 0.3, 1]).twisted(rate: 0.9).bent(rate: 0.4).translated(by: [0.1, 0, 0])),
        ("wrapped field", Shape(wrapping: Sphere(radius: 0.5).rotated(around: [0, 1, 0], angle: 0.3))
            .scaled(by: [1.2, 1, 0.8]) - Box(side: 0.5, center: [0.3, 0, 0])),
    ]

    @Test func analyticGradientsMatchFiniteDifferencesWhereTheFieldIsSmooth() {
        let points = randomPoints(800, extent: 1.2, seed: 60)
        for (name, shape) in shapes {
            let analytic = shape.gradients(at: points)
            let coarse = finiteDifferenceGradients(shape, at: points, step: 1e-3)
            let fine = finiteDifferenceGradients(shape, at: points, step: 5e-4)
            var compared = 0, worst: Float = 0
            for i in points.indices where length(coarse[i] - fine[i]) < 1e-3 {
                compared += 1
                worst = max(worst, length(analytic[i] - fine[i]))
            }
            // Creases (medial axes, blend seams, branch switches) cover few points.
            #expect(compared > 600, "\(name): only \(compared) of \(points.count) points are smooth")
            #expect(worst < 3e-3, "\(name): analytic gradient differs from finite differences by \(worst)")
        }
    }

    @Test func gradientsAreFiniteOnAxesCentresAndFarAway() {
        // Points where lengths vanish (centres, axes of revolution, symmetry planes) and far points.
        var points: [SIMD3<Float>] = [.zero, [0, 0, 0.3], [0.4, 0, 0], [0, -0.2, 0], [0, 0, -5], [1e6, -1e6, 3e5]]
        for x: Float in [-1, -0.5, 0, 0.5, 1] {
            for y: Float in [-0.75, 0, 0.75] { points.append([x, y, 0]); points.append([0, x, y]) }
        }
        for (name, shape) in shapes {
            let gradients = shape.gradients(at: points)
            #expect(gradients.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }, "\(name): non-finite gradient")
        }
    }

    @Test func exactPrimitivesHaveUnitAnalyticGradients() {
        let points = randomPoints(500, extent: 1.5, seed: 61)
        for (name, shape) in GradientTests().exactShapes {
            let norms = shape.gradients(at: points).map(length)
            let unit = norms.filter { abs($0 - 1) < 1e-4 }.count
            #expect(Double(unit) > 0.97 * Double(points.count), "\(name): \(unit) of \(points.count) unit gradients")
        }
    }

    @Test func gradientsOfPrimitivesEqualTheirClosedForms() {
        let points = randomPoints(200, extent: 2, seed: 62).filter { length($0) > 1e-3 }
        let sphere = Sphere(radius: 0.7, center: [0.2, 0, 0]).gradients(at: points)
        let plane = Plane(normal: [0, 0.6, 0.8]).gradients(at: points)
        for (i, p) in points.enumerated() {
            let d = p - SIMD3(0.2, 0, 0)
            #expect(length(sphere[i] - d / length(d)) < 1e-5)
            #expect(length(plane[i] - SIMD3(0, 0.6, 0.8)) < 1e-6)
        }
    }
}
