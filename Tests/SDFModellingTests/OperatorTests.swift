import Foundation
import SDFGeometry
import SDFModelling
import Testing

/// CSG algebra, blends, transforms and domain operations against explicit constructions.
@Suite struct OperatorTests {
    let points = randomPoints(2000, extent: 2.5, seed: 30)
    let a = Box(size: [1.4, 1, 0.8]).rotated(around: [1, 1, 0], angle: 0.4)
    let b = Sphere(radius: 0.8, center: [0.5, 0.2, -0.1])
    let c = Torus(majorRadius: 0.9, minorRadius: 0.2).translated(by: [0, 0.3, 0])

    @discardableResult
    func expectClose(_ x: [Float], _ y: [Float], _ tolerance: Float = 1e-5) -> Bool {
        let worst = zip(x, y).map { abs($0 - $1) }.max() ?? 0
        if worst > tolerance { Issue.record("largest difference \(worst) > \(tolerance)") }
        return worst <= tolerance
    }

    func sameSign(_ x: [Float], _ y: [Float]) -> Bool {
        zip(x, y).allSatisfy { abs($1) < 1e-3 || ($0 < 0) == ($1 < 0) }
    }

    @Test func unionCommutesAndIsTheMinimum() {
        let fa = a.distances(at: points), fb = b.distances(at: points)
        expectClose((a | b).distances(at: points), (b | a).distances(at: points), 0)
        expectClose((a | b).distances(at: points), zip(fa, fb).map { min($0, $1) })
        expectClose(((a | b) | c).distances(at: points), (a | (b | c)).distances(at: points))
    }

    @Test func intersectionIsTheMaximumAndDifferenceIntersectsTheComplement() {
        let fa = a.distances(at: points), fb = b.distances(at: points)
        expectClose((a & b).distances(at: points), zip(fa, fb).map { max($0, $1) })
        // The complement of b is −f_b; a − b = a ∩ complement(b).
        expectClose((a - b).distances(at: points), zip(fa, fb).map { max($0, -$1) })
    }

    @Test func smoothAndChamferBlendsTendToSharpOperations() {
        for k: Float in [1e-3, 1e-4] {
            expectClose(a.smoothUnion(b, k: k).distances(at: points), (a | b).distances(at: points), k)
            expectClose(a.smoothIntersection(b, k: k).distances(at: points), (a & b).distances(at: points), k)
            expectClose(a.smoothDifference(b, k: k).distances(at: points), (a - b).distances(at: points), k)
            // Chamfers change values deep inside both shapes, not the surface.
            let chamfered = a.chamferUnion(b, k: k).distances(at: points), union = (a | b).distances(at: points)
            #expect(sameSign(chamfered, union))
            expectClose(zip(chamfered, union).map { $1 > 0 ? $0 : $1 }, union, k)
            #expect(sameSign(a.chamferDifference(b, k: k).distances(at: points), (a - b).distances(at: points)))
        }
        // A real fillet adds material only where both shapes are close, and at most k/4.
        let sharp = (a | b).distances(at: points), smooth = a.smoothUnion(b, k: 0.4).distances(at: points)
        #expect(zip(smooth, sharp).allSatisfy { $0 <= $1 && $1 - $0 <= 0.1 + 1e-6 })
    }

    @Test func transformsMatchTheirDefinitions() {
        let sphere = Sphere(radius: 0.7)
        let offset = SIMD3<Float>(0.3, -1, 0.2)
        expectClose(sphere.translated(by: offset).distances(at: points), points.map { length($0 - offset) - 0.7 })
        // Uniform scale stays exact: a scaled unit sphere is a sphere.
        expectClose(Sphere(radius: 1).scaled(by: 0.7).distances(at: points), sphere.distances(at: points))
        // A rotated box equals the box evaluated at inversely rotated points.
        let rotation = Rotation(axis: [0.2, 1, 0.3], angle: 1.1)
        let box = Box(size: [1, 0.5, 0.3])
        expectClose(box.rotated(by: rotation).distances(at: points), box.distances(at: points.map { rotation.inverse.apply($0) }))
        // Orienting a z cylinder along x equals the cylinder with coordinates swapped.
        let cylinder = Cylinder(radius: 0.4, height: 2)
        expectClose(cylinder.oriented(along: [1, 0, 0]).distances(at: points),
                      cylinder.distances(at: points.map { SIMD3($0.z, $0.y, $0.x) }))
        // A quaternion, an axis-angle and a matrix for the same rotation agree.
        let q = Rotation(quaternion: rotation.quaternion * 3)
        let (c0, c1, c2) = rotation.columns
        let m = Rotation(rows: (SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z)))!
        for v in points.prefix(50) {
            #expect(length(q.apply(v) - rotation.apply(v)) < 1e-5)
            #expect(length(m.apply(v) - rotation.apply(v)) < 1e-5)
        }
        // Chained transforms compose in order: translate then rotate.
        let chained = sphere.translated(by: [1, 0, 0]).rotated(around: [0, 0, 1], angle: .pi / 2)
        #expect(abs(chained.distance(at: [0, 1, 0]) + 0.7) < 1e-5)
    }

    @Test func nonUniformScaleIsASignCorrectBound() {
        let ellipsoid = Sphere(radius: 1).scaled(by: [1, 0.5, 0.3])
        #expect(ellipsoid.accuracy == .bound(lipschitz: 1))
        let values = ellipsoid.distances(at: points)
        for (v, p) in zip(values, points) {
            #expect((v < 0) == (lengthSquared(p / SIMD3(1, 0.5, 0.3)) < 1))
        }
    }

    @Test func limitedRepetitionEqualsTheUnionOfCopies() {
        let child = Sphere(radius: 0.3).translated(by: [0.1, 0, 0])
        let repeated = child.repeated(every: [1, 0.8, 0], limit: [2, 1, 0])
        var copies: [ShapeNode] = []
        for i in -2...2 {
            for j in -1...1 { copies.append(.translation(child.node, offset: [Float(i), Float(j) * 0.8, 0])) }
        }
        let union = Shape(.union(copies, blend: .sharp))
        let wide = randomPoints(3000, extent: 4, seed: 31)
        expectClose(repeated.distances(at: wide), union.distances(at: wide))
        #expect(repeated.isBounded)
        #expect(!child.repeated(every: [1, 0, 0]).isBounded)
    }

    @Test func mirrorElongateShellAndOffset() {
        let child = Sphere(radius: 0.5, center: [0.6, 0, 0])
        let mirrored = child.mirrored(.x)
        let expected = points.map { p in length(SIMD3(abs(p.x), p.y, p.z) - SIMD3(0.6, 0, 0)) - 0.5 }
        expectClose(mirrored.distances(at: points), expected)
        // An elongated sphere is a capsule.
        let elongated = Sphere(radius: 0.4).elongated(by: [0, 0, 0.5])
        expectClose(elongated.distances(at: points),
                      Capsule(from: [0, 0, -0.5], to: [0, 0, 0.5], radius: 0.4).distances(at: points))
        let fb = b.distances(at: points)
        expectClose(b.shelled(thickness: 0.1).distances(at: points), fb.map { abs($0) - 0.05 })
        expectClose(b.dilated(by: 0.2).distances(at: points), fb.map { $0 - 0.2 })
        expectClose(b.eroded(by: 0.2).distances(at: points), fb.map { $0 + 0.2 })
    }

    @Test func twistAndBendKeepSymmetricShapesAndWarn() {
        // A cylinder around z is unchanged by a twist about z.
        let cylinder = Cylinder(radius: 0.5, height: 1.5)
        let twisted = cylinder.twisted(rate: 2)
        expectClose(twisted.distances(at: points), cylinder.distances(at: points))
        guard case .bound(let lipschitz) = twisted.accuracy else {
            Issue.record("twist should give a bound")
            return
        }
        #expect(lipschitz > 1)
        #expect(twisted.warnings.contains { $0.hasPrefix("twist") })
        expectClose(Box(side: 1).twisted(rate: 0).distances(at: points), Box(side: 1).distances(at: points))
        expectClose(Box(side: 1).bent(rate: 0).distances(at: points), Box(side: 1).distances(at: points))
        #expect(Box(side: 1).bent(rate: 0.5).warnings.contains { $0.hasPrefix("bend") })
    }

    @Test func twistAndBendRotateByTheirAngleToSinglePrecision() {
        // The vectorised sine and cosine against the C library's, through the shapes they map.
        let box = Box(size: [0.9, 0.4, 3])
        let twisted = box.twisted(rate: 3).distances(at: points)
        let bent = box.bent(rate: 2).distances(at: points)
        let rotated = { (p: SIMD3<Float>, angle: Float) -> SIMD3<Float> in
            SIMD3(cos(angle) * p.x - sin(angle) * p.y, sin(angle) * p.x + cos(angle) * p.y, p.z)
        }
        expectClose(twisted, box.distances(at: points.map { rotated($0, 3 * $0.z) }), 2e-6)
        expectClose(bent, box.distances(at: points.map { rotated($0, 2 * $0.x) }), 2e-6)
    }

    @Test func accuracyIsCarriedThroughOperators() {
        #expect(Sphere(radius: 1).accuracy == .exact)
        #expect(Sphere(radius: 1).translated(by: [1, 0, 0]).scaled(by: 2).accuracy == .exact)
        #expect((Sphere(radius: 1) | Box(side: 1)).accuracy == .bound(lipschitz: 1))
        #expect(Sphere(radius: 1).smoothUnion(Box(side: 1), k: 0.2).accuracy == .bound(lipschitz: 1))
        #expect(Sphere(radius: 1).chamferUnion(Box(side: 1), k: 0.2).accuracy.lipschitz! > 1.4)
        let opaque = Shape(wrapping: OpaqueField())
        #expect((opaque | Sphere(radius: 1)).accuracy == .approximate)
    }

    @Test func boundsContainTheSolid() {
        let shapes: [Shape] = [
            (a | b) - c, a.smoothUnion(b, k: 0.5), a.chamferUnion(b, k: 0.3), (a & b).shelled(thickness: 0.2),
            b.dilated(by: 0.3), Box(side: 0.5).twisted(rate: 1.5), Box(size: [1, 0.2, 0.2]).bent(rate: 1),
            Ellipsoid(radii: [1, 0.5, 0.3]).dilated(by: 0.4), Sphere(radius: 0.3, center: [0.5, 0, 0]).mirrored(.x),
            (Plane(normal: [0, 0, 1], offset: 0.2) & Sphere(radius: 1)),
        ]
        let wide = randomPoints(20000, extent: 3, seed: 32)
        for shape in shapes {
            #expect(shape.isBounded)
            let box = shape.bounds.padded(by: 1e-4)
            for (v, p) in zip(shape.distances(at: wide), wide) where v <= 0 {
                #expect(box.contains(p))
            }
        }
    }

    @Test func finiteInputNeverGivesNaN() {
        let special: [SIMD3<Float>] = [.zero, [0, 0, 1], [1, 0, 0], [0, 0, -0.75], [1e30, -1e30, 1e30], [-1e-30, 0, 0]]
        let shapes: [Shape] = [
            Sphere(radius: 1).shape, Box(side: 1).shape, Torus(majorRadius: 1, minorRadius: 0.2).shape,
            Capsule(from: .zero, to: .zero, radius: 0.3).shape, Cone(height: 1.5, bottomRadius: 0.5).shape,
            Octahedron(size: 1).shape, Pyramid(base: 1, height: 1).shape, Tetrahedron(size: 1).shape,
            Ellipsoid(radii: [1, 2, 3]).shape, Polygon(vertices: [[0, 0], [0, 0], [1, 0], [0, 1]]).extruded(height: 1),
            Circle(radius: 0.2).revolved(offset: 0), Sphere(radius: 0.2).repeated(every: [1, 1, 1]),
            Box(side: 1).twisted(rate: 3).bent(rate: 1), a.smoothUnion(b, k: 0.1),
        ]
        let all = special + randomPoints(500, extent: 10, seed: 33)
        for (index, shape) in shapes.enumerated() {
            let nan = shape.distances(at: all).firstIndex { $0.isNaN }
            #expect(nan == nil, "shape \(index) is NaN at \(nan.map { all[$0] } ?? .zero)")
        }
    }

    @Test func batchesOfEveryLengthMatchSinglePoints() {
        let shape = (a | b) - c
        for count in [1, 15, 255, 256, 257, 1000] {
            let batch = Array(points.prefix(count))
            let values = shape.distances(at: batch)
            #expect(zip(values, batch).allSatisfy { $0 == shape.distance(at: $1) })
        }
    }
}

/// A field with no distance promise, standing in for a trained network.
struct OpaqueField: DistanceField {
    var bounds: AABB { AABB(min: [-1, -1, -1], max: [1, 1, 1]) }
    var accuracy: FieldAccuracy { .approximate }
    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<points.count { distances[i] = length(points[i]) - 0.5 }
    }
}
