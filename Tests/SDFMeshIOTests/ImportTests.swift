import Foundation
import SDFGeometry
import SDFMeshIO
import Testing

@Suite struct ImportTests {
    /// Files Assimp reads with triangles that sdfkit refuses on purpose, and why.
    static let refused: [String: String] = [
        "glTF2/BoxWithInfinites-glTF-Binary/BoxWithInfinites.glb": "non-finite",
        "OBJ/number_formats.obj": "degenerate",  // its one triangle has collinear corners
        "OFF/invalid.off": "degenerate",
    ]

    /// Every model Assimp reads: same triangle count before cleaning, node transforms applied
    /// (bounds agree with Assimp's own PreTransformVertices); every model it cannot read fails
    /// with an SDFError naming the file.
    @Test func everyTestModelMatchesAssimpOrFailsCleanly() throws {
        let models = TestModels.candidates()
        try #require(models.count > 100, "assimp-testmodels is not installed (make setup)")
        var loaded = 0
        for model in models {
            let path = TestModels.path(model)
            let reference = AssimpReference.read(path)
            guard let reference, reference.triangles > 0, Self.refused[model] == nil else {
                let error = #expect(throws: SDFError.self, "\(model)") { try MeshImporter.load(path) }
                #expect(error?.path == path)
                if let reason = Self.refused[model] { #expect(error?.reason.contains(reason) == true, "\(model)") }
                continue
            }
            let imported = try MeshImporter.load(path)
            loaded += 1
            #expect(imported.sourceTriangleCount == reference.triangles, "\(model)")
            #expect(imported.mesh.triangleCount == reference.triangles - imported.removedDegenerateTriangles)
            #expect(imported.diagnostics.degenerateTriangles == 0, "\(model)")
            if imported.removedDegenerateTriangles == 0 {
                let bounds = imported.mesh.bounds
                let tolerance = 1e-4 * max(1, bounds.diagonal)
                #expect(length(bounds.min - reference.bounds.min) <= tolerance, "\(model)")
                #expect(length(bounds.max - reference.bounds.max) <= tolerance, "\(model)")
            }
        }
        #expect(loaded > 80)
    }

    @Test func spiderWeldsTo722VerticesAnd1312Triangles() throws {
        for model in ["STL/Spider_binary.stl", "STL/Spider_ascii.stl", "OBJ/spider.obj"] {
            let imported = try MeshImporter.load(TestModels.path(model))
            #expect(imported.mesh.vertexCount == 722, "\(model)")
            #expect(imported.mesh.triangleCount == 1312, "\(model)")
            #expect(imported.sourceTriangleCount == 1368 && imported.removedDegenerateTriangles == 56)
            #expect(imported.warnings.contains { $0.contains("56 degenerate") })
        }
        // STL repeats each vertex exactly in every facet, so even a zero tolerance welds it.
        let stl = try MeshImporter.load(TestModels.path("STL/Spider_binary.stl"), weldTolerance: 0)
        #expect(stl.mesh.vertexCount == 722)
    }

    @Test(arguments: ["PLY/cube.ply", "PLY/cube_binary.ply", "OFF/Cube.off", "OBJ/box.obj"])
    func unitCubesAreClosedWithVolumeOne(model: String) throws {
        let imported = try MeshImporter.load(TestModels.path(model))
        #expect(imported.mesh.vertexCount == 8 && imported.mesh.triangleCount == 12)
        #expect(imported.diagnostics.isWatertight && imported.diagnostics.genus == 0)
        let size = imported.mesh.bounds.size
        #expect(abs(abs(imported.mesh.signedVolume) - Double(size.x * size.y * size.z)) < 1e-5)
        #expect(imported.warnings.isEmpty)
    }

    @Test func sphereWithHoleIsOpen() throws {
        let imported = try MeshImporter.load(TestModels.path("STL/sphereWithHole.stl"))
        let d = imported.diagnostics
        #expect(!d.isClosed && d.boundaryEdges > 0 && d.nonManifoldEdges == 0 && d.components == 1)
        #expect(imported.warnings.contains { $0.contains("not watertight") })
    }

    /// An open box whose first face line is empty: loads for what it is, with a warning.
    @Test func malformed2LoadsAsAnOpenBox() throws {
        let imported = try MeshImporter.load(TestModels.path("invalid/malformed2.obj"))
        #expect(imported.mesh.vertexCount == 8 && imported.mesh.triangleCount == 10)
        #expect(imported.diagnostics.boundaryEdges == 4 && imported.diagnostics.components == 1)
        #expect(!imported.warnings.isEmpty)
    }

    @Test func pointsAndLinesAreDroppedWithAWarning() throws {
        let imported = try MeshImporter.load(TestModels.path("OBJ/testmixed.obj"))
        #expect(imported.droppedPrimitives > 0 && imported.mesh.triangleCount > 0)
        #expect(imported.warnings.contains { $0.contains("points") })
        let error = #expect(throws: SDFError.self) { try MeshImporter.load(TestModels.path("OBJ/testpoints.obj")) }
        #expect(error?.reason.contains("no triangles") == true)
    }

    /// The mirrored cubes keep outward orientation after their node transforms are applied.
    @Test func mirroringTransformsKeepOutwardOrientation() throws {
        let imported = try MeshImporter.load(TestModels.path("FBX/cubes_with_mirroring_and_pivot.fbx"))
        #expect(imported.diagnostics.isConsistentlyOriented)
        #expect(imported.mesh.signedVolume > 0)
    }

    @Test func convenienceInitialiserReturnsTheImportedMesh() throws {
        let path = TestModels.path("OFF/Cube.off")
        #expect(try TriangleMesh(contentsOf: path) == MeshImporter.load(path).mesh)
    }
}
