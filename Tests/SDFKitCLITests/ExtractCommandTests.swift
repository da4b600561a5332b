import Foundation
import SDFKit
import SDFTestSupport
import Testing

@Suite struct ExtractCommandTests {
    struct Report: Decodable {
        var vertices: Int
        var triangles: Int
        var closed: Bool
        var manifold: Bool
        var consistentlyOriented: Bool
        var extractedTriangles: Int
        var simplificationError: Float?
        var peakMemoryMiB: Double
        var warnings: [String]
    }

    func run(_ arguments: [String], threads: Int? = nil) throws -> (CommandRunner.Result, Report?) {
        let result = try CommandRunner.run(
            ["extract"] + arguments + ["--json"],
            environment: threads.map { ["SDFKIT_THREADS": "\($0)"] })
        let report = try? JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        return (result, report)
    }

    @Test func remeshesAMeshFileIntoAClosedMesh() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sphere = TestMeshes.icosphere(levels: 3)
        try writeOBJ(sphere, to: dir.file("sphere.obj"))
        let (result, report) = try run([dir.file("sphere.obj"), "--res", "40", "-o", dir.file("out.ply")])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try #require(report)
        #expect(r.closed && r.manifold && r.consistentlyOriented)
        #expect(r.peakMemoryMiB > 1)
        let written = try TriangleMesh(contentsOf: dir.file("out.ply"))
        #expect(written.triangleCount == r.triangles)
        #expect(written.diagnostics().isWatertight)
        #expect(abs(written.signedVolume - sphere.signedVolume) / sphere.signedVolume < 0.02)
    }

    @Test func extractsASceneAndSimplifiesIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SceneFile.write(Torus(majorRadius: 1, minorRadius: 0.3).node, to: dir.file("torus.json"))
        let (result, report) = try run([dir.file("torus.json"), "--res", "48", "-o", dir.file("t.obj"),
                                        "--simplify", "0.005", "--project"])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try #require(report)
        #expect(r.triangles < r.extractedTriangles / 2)
        #expect(try #require(r.simplificationError) <= 0.005)
        let mesh = try TriangleMesh(contentsOf: dir.file("t.obj"))
        #expect(mesh.diagnostics().genus == 1)
        let (capped, cappedReport) = try run([dir.file("torus.json"), "--res", "48", "-o", dir.file("c.stl"),
                                              "--target-triangles", "3000"])
        #expect(capped.status == 0, "\(capped.stderr)")
        #expect(try #require(cappedReport).triangles <= 3000)
    }

    @Test func outputDoesNotDependOnTheThreadCount() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SceneFile.write(Torus(majorRadius: 1, minorRadius: 0.4).node, to: dir.file("torus.json"))
        let one = try run([dir.file("torus.json"), "--res", "64", "-o", dir.file("one.ply")], threads: 1).0
        let two = try run([dir.file("torus.json"), "--res", "64", "-o", dir.file("two.ply")], threads: 2).0
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        let same = try Data(contentsOf: URL(fileURLWithPath: dir.file("one.ply")))
            == Data(contentsOf: URL(fileURLWithPath: dir.file("two.ply")))
        #expect(same)
    }

    @Test func fieldWithoutSurfaceWritesAnEmptyMeshWithAWarning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SceneFile.write((Sphere(radius: 1) - Sphere(radius: 2)).node, to: dir.file("empty.json"))
        let (result, report) = try run([dir.file("empty.json"), "--res", "32", "-o", dir.file("e.obj")])
        #expect(result.status == 0, "\(result.stderr)")
        let r = try #require(report)
        #expect(r.triangles == 0 && r.vertices == 0)
        #expect(r.warnings.contains { $0.contains("no surface") })
        #expect(FileManager.default.fileExists(atPath: dir.file("e.obj")))
    }

    @Test func badArgumentsFailWithOneLineAndNoOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeOBJ(TestMeshes.cube(), to: dir.file("cube.obj"))
        let out = dir.file("out.obj")
        let runs: [([String], String)] = [
            ([dir.file("cube.obj"), "--res", "0", "-o", out], "positive"),
            ([dir.file("cube.obj"), "--res=-4", "-o", out], "positive"),
            ([dir.file("cube.obj"), "--res", "20000", "-o", out], "GB"),
            ([dir.file("cube.obj"), "--res", "16", "-o", dir.file("missing/out.obj")], "missing"),
            ([dir.file("cube.obj"), "--res", "16", "-o", dir.file("out.xyz")], "xyz"),
            ([dir.file("none.obj"), "--res", "16", "-o", out], "none.obj"),
            ([dir.file("cube.obj"), "--res", "16", "-o", out, "--simplify", "-1"], "simplify"),
            ([dir.file("cube.obj"), "--res", "16", "-o", out, "--target-triangles", "0"], "target"),
        ]
        for (arguments, mention) in runs {
            let result = try CommandRunner.run(["extract"] + arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1,
                    "\(result.stderr)")
            #expect(result.stderr.contains(mention), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
