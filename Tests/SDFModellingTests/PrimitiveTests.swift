import Foundation
import SDFGeometry
import SDFModelling
import Testing

/// Each primitive against an independent reference at random points.
@Suite struct PrimitiveTests {
    /// The largest |field − reference| over `points`.
    func maxError(_ field: some DistanceField, _ points: [SIMD3<Float>], _ reference: (SIMD3<Float>) -> Float) -> Float {
        let values = field.distances(at: points)
        return zip(values, points).map { abs($0 - reference($1)) }.max() ?? 0
    }

    @Test func sphereMatchesDistanceToCenter() {
        let c = SIMD3<Float>(0.3, -0.2, 0.1)
        let points = randomPoints(2000, extent: 3, seed: 1)
        #expect(maxError(Sphere(radius: 1.2, center: c), points) { length($0 - c) - 1.2 } < 1e-5)
    }

    @Test func boxMatchesClampedNearestPoint() {
        let half = SIMD3<Float>(0.5, 0.8, 0.3)
        let reference: (SIMD3<Float>) -> Float = { p in
            let nearest = pointwiseMin(pointwiseMax(p, -half), half)
            if nearest != p { return length(p - nearest) }
            return -(half - SIMD3(abs(p.x), abs(p.y), abs(p.z))).min()
        }
        #expect(maxError(Box(size: half * 2), randomPoints(3000, extent: 2, seed: 2), reference) < 1e-5)
    }

    @Test func roundedBoxIsTheOffsetOfTheInnerBox() {
        let size = SIMD3<Float>(1, 1.6, 0.8), r: Float = 0.2
        let inner = Box(size: size - 2 * r).shape
        let points = randomPoints(2000, extent: 2, seed: 3)
        let expected = inner.distances(at: points).map { $0 - r }
        let actual = Box(size: size).rounded(r).distances(at: points)
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        // Outer extent is unchanged: the face centres are on the surface.
        #expect(abs(Box(size: size).rounded(r).distance(at: [0.5, 0, 0])) < 1e-6)
    }

    @Test func torusMatchesSampledCoreCircle() {
        let points = randomPoints(300, extent: 2, seed: 4)
        #expect(maxError(Torus(majorRadius: 1, minorRadius: 0.25), points) { Reference.circleDistance($0, radius: 1) - 0.25 } < 1e-3)
    }

    @Test func capsuleMatchesSegmentDistance() {
        let a = SIMD3<Float>(-0.5, 0.2, 0), b = SIMD3<Float>(0.7, -0.3, 0.4)
        let points = randomPoints(2000, extent: 2, seed: 5)
        #expect(maxError(Capsule(from: a, to: b, radius: 0.3), points) { Reference.segmentDistance($0, a, b) - 0.3 } < 1e-5)
    }

    @Test func cylinderMatchesNearestPointOfSolid() {
        let r: Float = 0.6, h: Float = 0.9
        let reference: (SIMD3<Float>) -> Float = { p in
            let rho = (p.x * p.x + p.y * p.y).squareRoot()
            if rho <= r && abs(p.z) <= h { return -min(r - rho, h - abs(p.z)) }
            let radial = max(rho - r, 0), axial = max(abs(p.z) - h, 0)
            return (radial * radial + axial * axial).squareRoot()
        }
        #expect(maxError(Cylinder(radius: r, height: 2 * h), randomPoints(3000, extent: 2, seed: 6), reference) < 1e-5)
    }

    @Test func roundedCylinderIsTheOffsetOfTheInnerCylinder() {
        let points = randomPoints(2000, extent: 2, seed: 7)
        let inner = Cylinder(radius: 0.5, height: 1.0).shape.distances(at: points)
        let rounded = Cylinder(radius: 0.7, height: 1.4).rounded(0.2).distances(at: points)
        #expect(zip(rounded, inner).allSatisfy { abs($0 - ($1 - 0.2)) < 1e-5 })
    }

    @Test func coneMatchesRevolvedTrapezoid() {
        let trapezoid: [SIMD2<Float>] = [[0, -0.75], [0.8, -0.75], [0.3, 0.75], [0, 0.75]]
        let points = randomPoints(3000, extent: 2, seed: 8)
        // Mirror the trapezoid across the axis so the reference polygon is closed in ρ ∈ ℝ.
        let profile = trapezoid + trapezoid.reversed().map { SIMD2(-$0.x, $0.y) }
        #expect(maxError(Cone(height: 1.5, bottomRadius: 0.8, topRadius: 0.3), points) {
            Reference.revolvedPolygon($0, profile)
        } < 1e-5)
        #expect(maxError(Cone(height: 1, bottomRadius: 0.5), points) {
            Reference.revolvedPolygon($0, [[0, -0.5], [0.5, -0.5], [0, 0.5], [-0.5, -0.5]])
        } < 1e-5)
    }

    @Test func planeIsSignedDistanceToThePlane() {
        let n = normalizedOrZero(SIMD3<Float>(1, 2, -2))
        #expect(maxError(Plane(normal: [1, 2, -2], offset: 0.4), randomPoints(500, extent: 3, seed: 9)) { dot(n, $0) - 0.4 } < 1e-5)
    }

    @Test func octahedronMatchesTriangleMesh() {
        let faces = Reference.octahedronFaces(0.9)
        #expect(maxError(Octahedron(size: 0.9), randomPoints(3000, extent: 1.8, seed: 10)) {
            Reference.convexPolyhedron($0, faces)
        } < 1e-5)
    }

    @Test func pyramidMatchesTriangleMesh() {
        let faces = Reference.pyramidFaces(base: 1.2, height: 0.9)
        #expect(maxError(Pyramid(base: 1.2, height: 0.9), randomPoints(3000, extent: 1.8, seed: 11)) {
            Reference.convexPolyhedron($0, faces)
        } < 1e-5)
    }

    @Test func tetrahedronIsExactInsideAndABoundOutside() {
        let faces = Reference.tetrahedronFaces(0.7)
        let points = randomPoints(3000, extent: 1.5, seed: 12)
        let values = Tetrahedron(size: 0.7).distances(at: points)
        for (v, p) in zip(values, points) {
            let d = Reference.convexPolyhedron(p, faces)
            #expect((v < 0) == (d < 0))
            if d < 0 { #expect(abs(v - d) < 1e-5) } else { #expect(v <= d + 1e-5) }
        }
        #expect(Tetrahedron(size: 0.7).accuracy == .bound(lipschitz: 1))
    }

    @Test func ellipsoidIsASignCorrectLowerBound() {
        let radii = SIMD3<Float>(1, 0.5, 0.3)
        let field = Ellipsoid(radii: radii)
        // Surface points give 0.
        let surface = randomPoints(500, extent: 1, seed: 13).map { normalizedOrZero($0) * radii }
        #expect(field.distances(at: surface).allSatisfy { abs($0) < 1e-5 })
        // Never more than the distance to a dense sample of the surface (plus its spacing).
        let samples = randomPoints(20000, extent: 1, seed: 14).map { normalizedOrZero($0) * radii }
        for p in randomPoints(200, extent: 1.5, seed: 15) {
            let v = field.distance(at: p)
            let inside = lengthSquared(p / radii) < 1
            #expect((v < 0) == inside)
            let d = samples.map { length($0 - p) }.min()!
            #expect(abs(v) <= d + 0.03)
        }
    }

    @Test func surfacePointsGiveZero() {
        var random = SystemRandomNumberGenerator()
        let sphere = Sphere(radius: 0.8)
        let torus = Torus(majorRadius: 1, minorRadius: 0.3)
        for _ in 0..<200 {
            let u = Float.random(in: 0..<(2 * .pi), using: &random), v = Float.random(in: 0..<(2 * .pi), using: &random)
            let onSphere = 0.8 * normalizedOrZero(SIMD3(cos(u) * sin(v), sin(u) * sin(v), cos(v)))
            #expect(abs(sphere.distance(at: onSphere)) < 1e-6)
            let onTorus = SIMD3((1 + 0.3 * cos(v)) * cos(u), (1 + 0.3 * cos(v)) * sin(u), 0.3 * sin(v))
            #expect(abs(torus.distance(at: onTorus)) < 1e-5)
        }
    }
}
