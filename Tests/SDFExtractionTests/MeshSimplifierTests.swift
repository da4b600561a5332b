import Testing
import SDFGeometry
import SDFExtraction

@Suite struct MeshSimplifierTests {
    let sphere = SphereField()

    func extracted() throws -> TriangleMesh {
        try MarchingTetrahedra(resolution: 48).extract(sphere).mesh
    }

    @Test func errorBoundKeepsTheSurfaceAndClosure() throws {
        let mesh = try extracted()
        let tolerance: Float = 0.01
        let result = try MeshSimplifier.simplify(mesh, maximumError: tolerance)
        #expect(result.mesh.triangleCount < mesh.triangleCount / 4)
        #expect(result.error <= tolerance * 1.001)
        let diagnostics = result.mesh.diagnostics()
        #expect(diagnostics.isWatertight)
        #expect(diagnostics.genus == 0)
        #expect(diagnostics.unreferencedVertices == 0)
        // Vertices stay near the true sphere: the original's error plus the collapse bound.
        let worst = result.mesh.positions.map { abs(length($0 - sphere.center) - sphere.radius) }.max()!
        #expect(worst < tolerance + 1e-3)
        #expect(abs(result.mesh.signedVolume - mesh.signedVolume) / mesh.signedVolume < 0.02)
    }

    @Test func targetTriangleCountIsReached() throws {
        let mesh = try extracted()
        let result = try MeshSimplifier.simplify(mesh, targetTriangleCount: 2000)
        #expect(result.mesh.triangleCount <= 2000)
        #expect(result.mesh.triangleCount > 1500)
        #expect(result.mesh.diagnostics().isClosed)
        #expect(result.error > 0)
    }

    @Test func noLimitsReturnTheMeshUnchanged() throws {
        let mesh = try extracted()
        #expect(try MeshSimplifier.simplify(mesh).mesh == mesh)
    }

    @Test func badLimitsAreRejected() {
        let mesh = TriangleMesh()
        #expect(throws: SDFError.self) { try MeshSimplifier.simplify(mesh, maximumError: -1) }
        #expect(throws: SDFError.self) { try MeshSimplifier.simplify(mesh, maximumError: .nan) }
        #expect(throws: SDFError.self) { try MeshSimplifier.simplify(mesh, targetTriangleCount: -5) }
    }

    /// meshoptimizer folds sharp CSG edges and thin walls into non-manifold edges at many error
    /// bounds and targets; the verified result is watertight with the part's genus whatever it
    /// did, contains the frozen triangles, and when every attempt failed it is the input itself.
    @Test(arguments: [(Float(0), 32), (0, 48), (0.08, 32)])
    func simplifiedCSGPartStaysWatertight(wall: Float, resolution: Int) throws {
        let mesh = try MarchingTetrahedra(resolution: resolution).extract(PartField(wall: wall)).mesh
        let input = mesh.diagnostics()
        try #require(input.isWatertight)
        let limits: [(Float?, Int?)] = [(0.001, nil), (0.01, nil), (0.05, nil), (nil, 500), (nil, 100), (0.01, 300)]
        for (error, target) in limits {
            let result = try MeshSimplifier.simplify(mesh, maximumError: error, targetTriangleCount: target)
            let d = result.mesh.diagnostics()
            #expect(d.isWatertight, "\(error as Any) \(target as Any): \(d)")
            #expect(d.genus == input.genus && d.unreferencedVertices == 0)
            #expect(result.attempts >= 1 && result.attempts <= MeshSimplifier.maximumAttempts)
            #expect(result.frozenTriangles <= result.mesh.triangleCount)
            if result.keptInput {
                #expect(result.mesh == mesh && result.error == 0)
            } else {
                #expect(result.mesh.triangleCount < mesh.triangleCount)
                #expect(result.attempts > 1 || result.frozenTriangles == 0)
            }
        }
    }

    @Test func unverifiedSimplificationIsOneAttempt() throws {
        let mesh = try MarchingTetrahedra(resolution: 32).extract(PartField()).mesh
        let result = try MeshSimplifier.simplify(mesh, maximumError: 0.001, verifyWatertight: false)
        #expect(result.attempts == 1 && !result.keptInput && result.frozenTriangles == 0)
        #expect(result.mesh.triangleCount < mesh.triangleCount)
    }
}
