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
        var simplificationAttempts: Int?
        var simplificationKeptInput: Bool?
        var simplificationFrozenTriangles: Int?
        var timings: [String: Double]
        var peakMemoryMiB: Double
        var warnings: [String]
    }

    func run(_ arguments: [String]) throws -> (CommandRunner.Result, Report?) {
        let result = try CommandRunner.run(["extract"] + arguments + ["--json"])
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
        #expect(Set(r.timings.keys).isSuperset(of: ["load", "meshing", "welding", "diagnostics", "writing"]))
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

    @Test func memoryLimitFromTheEnvironmentRefusesTheResolutionUpFront() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SceneFile.write(Torus(majorRadius: 1, minorRadius: 0.3).node, to: dir.file("torus.json"))
        let arguments = ["extract", dir.file("torus.json"), "--res", "64", "-o", dir.file("t.ply")]
        let refused = try CommandRunner.run(arguments, addingEnvironment: ["SDFKIT_MEMORY_LIMIT": "32M"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: extraction at resolution 64 needs an estimated ")
                && refused.stderr.contains("33.6 MB budget"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("t.ply")))
        let accepted = try CommandRunner.run(arguments, addingEnvironment: ["SDFKIT_MEMORY_LIMIT": "4G"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.file("t.ply")))
    }

    @Test func simplifyingACSGPartReportsAWatertightResult() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let part = ((Box(side: 1.5) & Sphere(radius: 1)) - Cylinder(radius: 0.5, height: 3)).node
        try SceneFile.write(part, to: dir.file("part.json"))
        for error in ["0.001", "0.01"] {
            let (result, report) = try run([dir.file("part.json"), "--res", "32", "-o", dir.file("p.ply"),
                                            "--simplify", error])
            #expect(result.status == 0, "\(result.stderr)")
            let r = try #require(report)
            #expect(r.closed && r.manifold && r.consistentlyOriented)
            #expect(try #require(r.simplificationAttempts) >= 1)
            #expect(r.simplificationKeptInput != nil)
            let kept = r.simplificationKeptInput == true, frozen = r.simplificationFrozenTriangles
            #expect(kept == (r.triangles == r.extractedTriangles))
            #expect(kept == r.warnings.contains { $0.contains("not simplified") })
            #expect((!kept && (frozen ?? 0) > 0) == r.warnings.contains { $0.contains("around folds") })
            let written = try TriangleMesh(contentsOf: dir.file("p.ply"))
            #expect(written.diagnostics().isWatertight && written.diagnostics().genus == 1)
        }
    }
}
