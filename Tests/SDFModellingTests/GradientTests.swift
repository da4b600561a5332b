import SDFGeometry
import SDFModelling
import Testing

/// Exact fields have |∇f| = 1 and bound fields |∇f| ≤ L, checked with finite differences.
@Suite struct GradientTests {
    let exactShapes: [(String, Shape)] = [
        ("sphere", Sphere(radius: 0.8).shape), ("box", Box(size: [1, 0.6, 0.8]).shape),
        ("rounded box", Box(size: [1, 0.6, 0.8]).rounded(0.1).shape), ("torus", Torus(majorRadius: 0.8, minorRadius: 0.25).shape),
        ("capsule", Capsule(from: [-0.5, 0, 0], to: [0.5, 0.2, 0], radius: 0.3).shape),
        ("cylinder", Cylinder(radius: 0.5, height: 1.2).shape),
        ("rounded cylinder", Cylinder(radius: 0.5, height: 1.2).rounded(0.1).shape),
        ("cone", Cone(height: 1.2, bottomRadius: 0.6, topRadius: 0.2).shape),
        ("plane", Plane(normal: [1, 1, 0]).shape), ("octahedron", Octahedron(size: 0.8).shape),
        ("pyramid", Pyramid(base: 1, height: 0.8).shape),
        ("polygon", Polygon(vertices: [[0, 0], [1, 0], [0.3, 0.4], [0, 1]]).extruded(height: 0.8)),
        ("rotated scaled", Box(side: 0.7).rotated(around: [1, 2, 3], angle: 0.7).scaled(by: 1.3)),
    ]

    let boundShapes: [(String, Shape)] = [
        ("ellipsoid", Ellipsoid(radii: [1, 0.5, 0.3]).shape), ("tetrahedron", Tetrahedron(size: 0.7).shape),
        ("union", Sphere(radius: 0.6) | Box(side: 0.9, center: [0.5, 0, 0])),
        ("smooth union", Sphere(radius: 0.6).smoothUnion(Box(side: 0.9, center: [0.5, 0, 0]), k: 0.4)),
        ("smooth difference", Box(side: 1).smoothDifference(Sphere(radius: 0.6, center: [0.5, 0.5, 0]), k: 0.3)),
        ("non-uniform scale", Torus(majorRadius: 0.8, minorRadius: 0.25).scaled(by: [1, 0.5, 2])),
        ("repeat", Sphere(radius: 0.3).repeated(every: [1, 1, 0], limit: [1, 1, 0])),
        ("shell", Box(side: 1).shelled(thickness: 0.1)), ("elongate", Torus(majorRadius: 0.5, minorRadius: 0.2).elongated(by: [0.3, 0, 0.1])),
        ("chamfer", Box(side: 1).chamferUnion(Sphere(radius: 0.5, center: [0.6, 0, 0]), k: 0.2)),
        ("twist", Box(size: [1, 0.4, 1.5]).twisted(rate: 1.2)), ("bend", Box(size: [1.5, 0.3, 0.3]).bent(rate: 0.8)),
    ]

    @Test func exactFieldsHaveUnitGradientAwayFromMedialAxes() {
        let points = randomPoints(1000, extent: 1.6, seed: 40)
        for (name, shape) in exactShapes {
            #expect(shape.accuracy == .exact, "\(name)")
            let norms = finiteDifferenceGradients(shape, at: points).map(length)
            // Points near a medial axis (a crease of the field) give smaller difference quotients;
            // they are a small fraction, and no point may exceed 1.
            let unit = norms.filter { abs($0 - 1) < 2e-2 }.count
            #expect(Double(unit) > 0.9 * Double(points.count), "\(name): \(unit) of \(points.count) unit gradients")
            #expect(norms.allSatisfy { $0 < 1.02 }, "\(name): gradient above 1")
        }
    }

    @Test func boundFieldsStayWithinTheirLipschitzConstant() {
        for (name, shape) in boundShapes {
            guard let lipschitz = shape.accuracy.lipschitz, shape.accuracy != .exact else {
                Issue.record("\(name) should be a bound, is \(shape.accuracy)")
                continue
            }
            // The promise holds inside the bounds (twist and bend grow with the distance from z).
            let b = shape.bounds
            let inside = randomPoints(1000, extent: 0.5, seed: 41).map { b.center + $0 * b.size }
            let largest = finiteDifferenceGradients(shape, at: inside).map(length).max()!
            #expect(largest <= lipschitz + 2e-2, "\(name): |∇f| reached \(largest), bound \(lipschitz)")
        }
    }
}
