import Testing
import SDFGeometry
import SDFExtraction
import SDFDistance
import SDFTestSupport

@Suite struct MeshRemeshingTests {
    @Test func extractingAMeshDistanceReproducesTheMesh() throws {
        let original = TestMeshes.torus(majorRadius: 1, minorRadius: 0.4, u: 40, v: 20)
        let field = try MeshDistanceField(mesh: original)
        let result = try MarchingTetrahedra(resolution: 64).extract(field)
        let h = result.statistics.cellSize
        #expect(result.mesh.diagnostics().isWatertight)
        #expect(result.mesh.diagnostics().genus == 1)
        // Chamfer distance: extracted vertices to the original surface and back.
        let forward = field.distances(at: result.mesh.positions).map(abs)
        let backField = try MeshDistanceField(mesh: result.mesh)
        let backward = backField.distances(at: original.positions).map(abs)
        let chamfer = (forward.reduce(0, +) / Float(forward.count) + backward.reduce(0, +) / Float(backward.count)) / 2
        #expect(chamfer < 0.05 * h)
        #expect(forward.max()! < 0.1 * h)
        #expect(backward.max()! < 0.5 * h)
    }
}
