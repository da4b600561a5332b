import Foundation
import SDFTestSupport
import Testing

/// End-to-end runs of `sdfkit info` and `sdfkit convert` (the built binary).
@Suite struct MeshCommandTests {
    static let models = "/usr/share/assimp/models"

    /// Exit 1, exactly one stderr line starting `error:` that names `path`, nothing on stdout.
    static func expectCleanFailure(_ result: CommandRunner.Result, naming path: String) {
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(lines.first?.contains(path) == true, "\(result.stderr)")
    }

    @Test func infoJSONReportsCountsAndDiagnostics() throws {
        let path = Self.models + "/STL/Spider_binary.stl"
        let result = try CommandRunner.run(["info", path, "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "stl")
        #expect(object["vertices"] as? Int == 722 && object["triangles"] as? Int == 1312)
        #expect(object["removedDegenerateTriangles"] as? Int == 56)
        let diagnostics = try #require(object["diagnostics"] as? [String: Any])
        #expect(diagnostics["isClosed"] as? Bool == false)
        #expect((diagnostics["components"] as? Int ?? 0) > 1)
        #expect(result.stdout.split(separator: "\n").count == 1)
    }

    @Test func infoTextNamesTheFileAndIsClosedForACube() throws {
        let result = try CommandRunner.run(["info", Self.models + "/PLY/cube.ply"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        #expect(result.stdout.contains("cube.ply (ply)"))
        #expect(result.stdout.contains("closed         yes, consistently oriented yes, watertight yes, genus 0"))
        #expect(result.stdout.contains("volume         1.0"))
    }

    @Test func infoWarnsAboutDroppedAndDegenerateParts() throws {
        let result = try CommandRunner.run(["info", Self.models + "/OBJ/spider.obj"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning:") && result.stderr.contains("56 degenerate"))
    }

    @Test(arguments: ["obj", "ply", "stl", "glb"])
    func convertWritesAFileThatReadsBack(ext: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let output = dir.file("duck." + ext)
        let result = try CommandRunner.run(["convert", Self.models + "/Collada/duck.dae", output, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["triangles"] as? Int == 4212 && object["vertices"] as? Int == 2108)
        let back = try CommandRunner.run(["info", output, "--json"])
        let info = try #require(try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as? [String: Any])
        #expect(info["triangles"] as? Int == 4212 && info["vertices"] as? Int == 2108)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["duck." + ext])
    }

    @Test func badInputsFailWithOneErrorLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = FileManager.default.createFile(atPath: dir.file("empty.stl"), contents: Data())
        var random = TestRandom(seed: 5)
        let garbage = Data((0..<2048).map { _ in UInt8.random(in: 0...255, using: &random) })
        _ = FileManager.default.createFile(atPath: dir.file("garbage.ply"), contents: garbage)
        var inputs = [dir.file("missing.obj"), dir.file("empty.stl"), dir.file("garbage.ply"), dir.path]
        let invalid = Self.models + "/invalid"
        for file in try FileManager.default.contentsOfDirectory(atPath: invalid)
        where file != "malformed2.obj" && file != "readme.txt" {
            inputs.append(invalid + "/" + file)
        }
        for input in inputs {
            Self.expectCleanFailure(try CommandRunner.run(["info", input]), naming: input)
            Self.expectCleanFailure(try CommandRunner.run(["info", input, "--json"]), naming: input)
            Self.expectCleanFailure(try CommandRunner.run(["convert", input, dir.file("out.obj")]), naming: input)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("out.obj")))
    }

    @Test func badOutputsFailBeforeAnyWork() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = Self.models + "/OFF/Cube.off"
        let readOnly = dir.file("locked")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly) }
        var outputs = [dir.file("cube.fbx"), dir.file("missing/cube.obj"), dir.path]
        // root ignores directory permissions, so the read-only case only means something otherwise.
        if getuid() != 0 { outputs.append(readOnly + "/cube.obj") }
        for output in outputs {
            Self.expectCleanFailure(try CommandRunner.run(["convert", input, output]), naming: output)
        }
        // The unsupported extension is reported even when the input is bad: no work is done.
        let result = try CommandRunner.run(["convert", dir.file("nothing.obj"), dir.file("cube.fbx")])
        Self.expectCleanFailure(result, naming: dir.file("cube.fbx"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["locked"])
    }

    @Test func malformed2LoadsWithAWarning() throws {
        let result = try CommandRunner.run(["info", Self.models + "/invalid/malformed2.obj", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["triangles"] as? Int == 10)
        #expect((object["warnings"] as? [String])?.isEmpty == false)
    }

    @Test func impossibleWeldToleranceIsRefused() throws {
        let result = try CommandRunner.run(["info", Self.models + "/OFF/Cube.off", "--weld-tolerance", "nan"])
        #expect(result.status == 1 && result.stderr.hasPrefix("error: "))
    }
}
