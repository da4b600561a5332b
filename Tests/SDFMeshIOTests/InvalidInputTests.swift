import Foundation
import SDFGeometry
import SDFMeshIO
import SDFTestSupport
import Testing

@Suite struct InvalidInputTests {
    /// Every file of Assimp's own invalid-input collection fails with an SDFError naming it,
    /// except malformed2.obj (an open box that really holds triangles).
    @Test func assimpInvalidModelsFailCleanly() throws {
        let folder = TestModels.path("invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "readme.txt" }
        #expect(files.count >= 13)
        for file in files where file != "malformed2.obj" {
            let path = folder + "/" + file
            let error = #expect(throws: SDFError.self, "\(file)") { try MeshImporter.load(path) }
            #expect(error?.path == path)
        }
    }

    @Test func missingEmptyDirectoryAndGarbageInputsAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = FileManager.default.createFile(atPath: dir.file("empty.obj"), contents: Data())
        var random = TestRandom(seed: 3)
        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) })
        _ = FileManager.default.createFile(atPath: dir.file("garbage.stl"), contents: garbage)
        _ = FileManager.default.createFile(atPath: dir.file("garbage.obj"), contents: garbage)
        let cases = [
            (dir.file("missing.obj"), "no such file"), (dir.file("empty.obj"), "empty"),
            (dir.path, "directory"), (dir.file("garbage.stl"), nil), (dir.file("garbage.obj"), nil),
        ]
        for (path, reason) in cases {
            let error = #expect(throws: SDFError.self, "\(path)") { try MeshImporter.load(path) }
            #expect(error?.path == path)
            if let reason { #expect(error?.reason.lowercased().contains(reason) == true, "\(error?.reason ?? "")") }
            #expect(error?.description.contains("\n") == false)
        }
    }

    /// Headers whose counts the file cannot hold, or a PLY header cut short, make Assimp 5.2
    /// allocate or loop without end; they are refused up front.
    @Test func impossibleHeadersAreRefusedQuickly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cube = try String(contentsOfFile: TestModels.path("PLY/cube_binary.ply"), encoding: .isoLatin1)
        let files = [
            ("huge.off", "OFF\n3 99999999 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"),
            ("huge.ply", "ply\nformat ascii 1.0\nelement vertex 999999999999\nproperty float x\n"
                + "property float y\nproperty float z\nelement face 1\n"
                + "property list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n"),
            ("cut.ply", String(cube.prefix(18))),
            ("cut2.ply", String(cube.prefix(60))),
        ]
        for (name, text) in files {
            try text.write(toFile: dir.file(name), atomically: true, encoding: .isoLatin1)
            let error = #expect(throws: SDFError.self, "\(name)") { try MeshImporter.load(dir.file(name)) }
            #expect(error?.path == dir.file(name))
        }
    }

    /// Truncations of real files at many lengths: each loads or throws, never crashes or hangs.
    @Test(arguments: ["PLY/Wuson.ply", "PLY/cube_binary.ply", "STL/Spider_binary.stl", "OBJ/spider.obj",
                      "OFF/Wuson.off", "glTF2/BoxTextured-glTF-Binary/BoxTextured.glb"])
    func truncatedFilesLoadOrFailCleanly(model: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TestModels.path(model)))
        let target = dir.file("cut." + (model as NSString).pathExtension)
        for k in 1..<24 {
            try bytes.prefix(bytes.count * k / 24).write(to: URL(fileURLWithPath: target))
            do {
                let imported = try MeshImporter.load(target)
                #expect(imported.mesh.triangleCount > 0)
            } catch let error as SDFError {
                #expect(error.path == target)
            }
        }
    }

    @Test func nonFiniteCoordinatesAndBadIndicesAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let files = [
            ("nan.obj", "v nan 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "non-finite"),
            ("overflow.obj", "v 1e39 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "non-finite"),
            ("index.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999\n", "index"),
        ]
        for (name, text, reason) in files {
            try text.write(toFile: dir.file(name), atomically: true, encoding: .utf8)
            let error = #expect(throws: SDFError.self, "\(name)") { try MeshImporter.load(dir.file(name)) }
            #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
        }
    }
}
