import Testing
import SDFGeometry
import SDFTestSupport
import SDFDistance

@Suite struct MeshDistanceFieldTests {
    @Test(arguments: [SignMode.pseudonormal, .winding])
    func cubeMatchesTheAnalyticBox(sign: SignMode) throws {
        let field = try MeshDistanceField(mesh: TestMeshes.cube(-1, 1), sign: sign)
        #expect(field.sign == sign && field.accuracy == .exact)
        var random = TestRandom(seed: 7)
        let points = (0..<3000).map { _ in random.point(in: -2.5, 2.5) }
        let distances = field.signedDistances(at: points)
        for (p, d) in zip(points, distances) {
            let exact = BruteForce.boxDistance(p, lo: -1, hi: 1)
            #expect(abs(Double(d) - exact) <= 1e-6 * 2 * 3.0.squareRoot(), "at \(p)")
        }
    }

    @Test(arguments: [SignMode.pseudonormal, .winding])
    func finelyTessellatedSphereMatchesTheBall(sign: SignMode) throws {
        let mesh = TestMeshes.icosphere(levels: 5)
        let field = try MeshDistanceField(mesh: mesh, sign: sign)
        var random = TestRandom(seed: 8)
        let points = (0..<3000).map { _ in random.point(in: -1.6, 1.6) }
        let distances = field.signedDistances(at: points)
        // The polyhedron lies between radius cos(θ) and 1, θ ≈ the circumradius angle of a face.
        let sag = 4e-4
        for (p, d) in zip(points, distances) {
            let exact = Double(length(p)) - 1
            #expect(abs(Double(d) - exact) <= sag, "at \(p)")
            if abs(exact) > sag { #expect((d < 0) == (exact < 0), "sign at \(p)") }
        }
    }

    @Test func autoPicksPseudonormalOnlyForCleanClosedMeshes() throws {
        #expect(try MeshDistanceField(mesh: TestMeshes.torus()).sign == .pseudonormal)
        #expect(try MeshDistanceField(mesh: TestMeshes.torus().flipped()).sign == .winding)
        var open = TestMeshes.cube()
        open.indices.removeLast(3)
        #expect(try MeshDistanceField(mesh: open).sign == .winding)
        var doubled = TestMeshes.cube()
        doubled.append(TestMeshes.cube(2, 3))
        #expect(try MeshDistanceField(mesh: doubled).sign == .pseudonormal)
    }

    @Test func openMeshSignFollowsTheWindingNumber() throws {
        // A sphere with a cap removed: inside stays negative away from the hole.
        var mesh = TestMeshes.icosphere(levels: 3)
        var kept: [UInt32] = []
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            if (a + b + c).z / 3 < 0.9 { kept += [mesh.indices[3 * t], mesh.indices[3 * t + 1], mesh.indices[3 * t + 2]] }
        }
        mesh.indices = kept
        let field = try MeshDistanceField(mesh: mesh)
        #expect(field.sign == .winding)
        let inside = field.signedDistances(at: [SIMD3(0, 0, 0), SIMD3(0.3, 0.2, -0.4)])
        #expect(inside.allSatisfy { $0 < 0 })
        let outside = field.signedDistances(at: [SIMD3(0, 0, 3), SIMD3(2, 0, 0), SIMD3(0, 0, -1.5)])
        #expect(outside.allSatisfy { $0 > 0 })
    }

    @Test func magnitudesMatchBruteForceOnTheTorus() throws {
        let mesh = TestMeshes.torus(u: 40, v: 20)
        let field = try MeshDistanceField(mesh: mesh)
        var random = TestRandom(seed: 3)
        let points = (0..<500).map { _ in random.point(in: -1.5, 1.5) }
        let tolerance = 1e-5 * Double(mesh.bounds.diagonal)
        for (p, d) in zip(points, field.signedDistances(at: points)) {
            #expect(abs(Double(abs(d)) - BruteForce.distance(p, to: mesh)) <= tolerance)
            #expect((d < 0) == (exactWindingNumber(of: mesh, at: p) > 0.5))
        }
    }

    @Test func upperBoundsAndWindingNumbersAreReturned() throws {
        let field = try MeshDistanceField(mesh: TestMeshes.cube(), sign: .pseudonormal)
        let points: [SIMD3<Float>] = [SIMD3(0.5, 0.5, 0.5), SIMD3(0.5, 0.5, 1.1), SIMD3(.nan, 0, 0)]
        let bounds: [Float] = [0.01, 0.2, 1]  // the first is too small: the full search runs
        var distances = [Float](repeating: 0, count: 3), winding = distances
        points.withUnsafeBufferPointer { p in
            bounds.withUnsafeBufferPointer { b in
                distances.withUnsafeMutableBufferPointer { d in
                    winding.withUnsafeMutableBufferPointer { w in
                        field.signedDistances(at: p, upperBounds: b, into: d, windingNumbers: w)
                    }
                }
            }
        }
        #expect(abs(distances[0] + 0.5) < 1e-6 && abs(distances[1] - 0.1) < 1e-6 && distances[2].isNaN)
        #expect(abs(winding[0] - 1) < 1e-3 && abs(winding[1]) < 1e-3 && winding[2].isNaN)
    }

    @Test func signConfidenceCountsAmbiguousPoints() throws {
        // A single square: points just above its centre see w ≈ −0.5 … points in its plane far
        // away see 0; points near the centre, slightly behind it, see w ≈ 0.5 (ambiguous).
        let square = TriangleMesh(positions: [SIMD3(-1, -1, 0), SIMD3(1, -1, 0), SIMD3(1, 1, 0), SIMD3(-1, 1, 0)],
                                  indices: [0, 1, 2, 0, 2, 3])
        let field = try MeshDistanceField(mesh: square)
        let confidence = field.signConfidence(samples: [SIMD3(0, 0, -0.01), SIMD3(0.1, 0, -0.01),
                                                        SIMD3(50, 0, 0), SIMD3(.nan, 0, 0)])
        #expect(confidence.samples == 3 && confidence.ambiguous == 2)
        #expect(abs(confidence.ambiguousFraction - 2.0 / 3) < 1e-12)
    }

    @Test func invalidMeshesThrow() {
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: TriangleMesh()) }
        let flat = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), SIMD3(2, 0, 0)], indices: [0, 1, 2])
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: flat) }
        let nan = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), SIMD3(0, .nan, 0)], indices: [0, 1, 2])
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: nan) }
        let dangling = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), SIMD3(0, 1, 0)], indices: [0, 1, 5])
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: dangling) }
        // fuzz-mesh (session 4): an STL triangle spanning 2.8e26 has an infinite diagonal.
        let huge = TriangleMesh(positions: [.zero, SIMD3(2.8e26, 0, 0), SIMD3(0, 0, 1.6e23)], indices: [0, 1, 2])
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: huge) }
        let large = TriangleMesh(positions: [.zero, SIMD3(1e19, 0, 0), SIMD3(0, 1e19, 0)], indices: [0, 1, 2])
        #expect(throws: SDFError.self) { try MeshDistanceField(mesh: large) }
    }

    /// fuzz-mesh (session 4): two consecutive points whose squared distances overflow single
    /// precision share one traversal that finds no triangle; each must get NaN, as a lone point
    /// does, instead of the closest point of leaf slot −1 (a read before the corner array).
    @Test(arguments: [SignMode.pseudonormal, .winding])
    func pointsBeyondSinglePrecisionGiveNaNInPairsAsAlone(sign: SignMode) throws {
        let field = try MeshDistanceField(mesh: TestMeshes.cube(-1, 1), sign: sign)
        let far: [SIMD3<Float>] = [SIMD3(3e19, 0, 0), SIMD3(3e19, 1, 0)]
        let near: [SIMD3<Float>] = [SIMD3(2, 0, 0), SIMD3(2, 1, 0)]
        for points in [far, far + near, near + far] {
            let distances = field.signedDistances(at: points)
            for (p, d) in zip(points, distances) {
                let alone = field.signedDistances(at: [p])[0]
                if p.x > 1e19 {
                    #expect(d.isNaN && alone.isNaN, "at \(p): \(d) in a batch, \(alone) alone")
                } else {
                    #expect(abs(Double(d) - BruteForce.boxDistance(p, lo: -1, hi: 1)) <= 1e-6 && d == alone, "at \(p)")
                }
            }
        }
    }
}

@Suite struct MeshGradientTests {
    @Test(arguments: [SignMode.pseudonormal, .winding])
    func gradientsMatchCentralDifferences(sign: SignMode) throws {
        let field = try MeshDistanceField(mesh: TestMeshes.torus(), sign: sign)
        var random = TestRandom(seed: 31)
        let points = (0..<300).map { _ in random.point(in: -1.5, 1.5) }
        let exact = field.gradients(at: points)
        var numeric = [SIMD3<Float>](repeating: .zero, count: points.count)
        points.withUnsafeBufferPointer { p in
            numeric.withUnsafeMutableBufferPointer { field.centralDifferenceGradients(at: p, into: $0, step: 1e-3) }
        }
        var agreeing = 0
        for i in points.indices {
            #expect(abs(length(exact[i]) - 1) < 1e-5)
            if length(exact[i] - numeric[i]) < 1e-2 { agreeing += 1 }
        }
        // Central differences straddle the medial axis for a few points; the rest must agree.
        #expect(agreeing >= 290)
    }

    @Test func gradientOnTheSurfaceIsTheFaceNormal() throws {
        let field = try MeshDistanceField(mesh: TestMeshes.cube())
        let g = field.gradients(at: [SIMD3(0.3, 0.4, 1), SIMD3(0.5, 0.5, 0.2), SIMD3(.nan, 0, 0)])
        #expect(g[0] == SIMD3(0, 0, 1))
        #expect(abs(g[1].z + 1) < 1e-6)  // inside, nearest face z = 0: outward is −z
        #expect(g[2].x.isNaN)
    }
}
