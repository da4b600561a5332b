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
}
