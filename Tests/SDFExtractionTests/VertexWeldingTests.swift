import Testing
import SDFGeometry
import SDFExtraction

/// Welding of the vertices that neighbouring blocks, and chunks of blocks meshed in parallel,
/// make for the same lattice edge: the mesh must have exactly one vertex per crossed edge.
@Suite struct VertexWeldingTests {
    /// At resolution 96 the sphere crosses hundreds of blocks, meshed in many chunks: for an exact
    /// field block by block, for an approximate one (a network's stand-in) along the traced cells.
    @Test(arguments: [FieldAccuracy.exact, .approximate])
    func everyVertexIsUsedAndMadeOnce(accuracy: FieldAccuracy) throws {
        let field = SphereField(accuracy: accuracy)
        let mesh = try MarchingTetrahedra(resolution: 96).extract(field).mesh
        // Vertices lie strictly inside their lattice edges (at least 1 % from the ends), and
        // distinct edges meet only at lattice vertices: a vertex left unwelded repeats a position.
        #expect(Set(mesh.positions).count == mesh.vertexCount)
        var used = [Bool](repeating: false, count: mesh.vertexCount)
        for i in mesh.indices { used[Int(i)] = true }
        #expect(used.allSatisfy { $0 })
        #expect(MeshTopology(mesh).isClosedAndOriented)
    }
}
