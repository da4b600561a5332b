import Foundation
import SDFGeometry
import SDFTestSupport
import Testing

@Suite struct EvalCommandTests {
    func metrics(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func meshAgainstItselfIsPerfect() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.torus(u: 32, v: 16), to: directory.file("torus.obj"))
        let result = try CommandRunner.run(["eval", directory.file("torus.obj"), directory.file("torus.obj"),
                                            "--samples", "5000", "--volume-samples", "20000", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try metrics(result.stdout)
        let surface = try #require(report["surface"] as? [String: Any])
        #expect(try #require(surface["chamferL1"] as? Double) < 1e-6)
        #expect(surface["fScore"] as? Double == 1)
        let volume = try #require(report["volume"] as? [String: Any])
        #expect(volume["iou"] as? Double == 1)
    }

    @Test func concentricSpheresGiveTheNormalisedGap() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reference = TestMeshes.icosphere(levels: 4)
        try writeOBJ(reference.transformed { $0 * 1.01 }, to: directory.file("outer.obj"))
        try writeOBJ(reference, to: directory.file("inner.obj"))
        let result = try CommandRunner.run(["eval", directory.file("outer.obj"), directory.file("inner.obj"),
                                            "--samples", "10000", "--volume-samples", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let surface = try #require(try metrics(result.stdout)["surface"] as? [String: Any])
        let expected = 0.01 / Double(reference.bounds.diagonal)
        let normalized = try #require(surface["normalizedChamferL1"] as? Double)
        #expect(abs(normalized - expected) < 0.03 * expected)
    }

    @Test func inputsAtDifferentScalesWarn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sphere = TestMeshes.icosphere(levels: 2)
        try writeOBJ(sphere, to: directory.file("metres.obj"))
        try writeOBJ(sphere.transformed { $0 * 1000 }, to: directory.file("millimetres.obj"))
        let result = try CommandRunner.run(["eval", directory.file("millimetres.obj"), directory.file("metres.obj"),
                                            "--samples", "1000", "--volume-samples", "0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: the inputs' sizes differ 1000-fold"))
        #expect(result.stdout.contains("Chamfer-L1"))
    }

    @Test func missingInputIsOneLineError() throws {
        let result = try CommandRunner.run(["eval", "/nonexistent/a.obj", "/nonexistent/b.obj"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: /nonexistent/a.obj"))
    }
}
