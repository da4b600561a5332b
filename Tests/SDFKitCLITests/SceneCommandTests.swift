import Foundation
import SDFKit
import SDFTestSupport
import Testing

/// Scene files through the CLI: commands read them like any field; bad scenes fail with one line
/// naming the file and the JSON path.
@Suite struct SceneCommandTests {
    let scene = """
    { "version": 1, "root": { "type": "difference", "children": [
        { "type": "intersection", "children": [ { "type": "sphere", "radius": 1 },
                                                { "type": "box", "size": [1.5, 1.5, 1.5] } ] },
        { "type": "union", "smooth": 0.1, "children": [
            { "type": "orient", "direction": [1, 0, 0], "child": { "type": "cylinder", "radius": 0.5, "height": 4 } },
            { "type": "cylinder", "radius": 0.5, "height": 4 } ] } ] } }
    """

    @Test func queryEvaluatesTheSceneLikeTheLibrary() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try Data(scene.utf8).write(to: URL(fileURLWithPath: dir.file("part.json")))
        var random = TestRandom(seed: 3)
        let points = (0..<3000).map { _ in random.point(in: -1.2, 1.2) }
        try NPYWriter.write(points: points, to: dir.file("points.npy"))
        let result = try CommandRunner.run(["query", dir.file("part.json"), dir.file("points.npy"), "-o", dir.file("d.npy")])
        #expect(result.status == 0, "\(result.stderr)")
        let (distances, _) = try NPYReader.readValues(path: dir.file("d.npy"))
        let expected = try SceneFile.decode(Data(scene.utf8)).distances(at: points)
        #expect(distances == expected)
    }

    @Test func badSceneFailsWithTheJSONPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad = scene.replacingOccurrences(of: "\"radius\": 1 }", with: "\"radius\": -1 }")
        try Data(bad.utf8).write(to: URL(fileURLWithPath: dir.file("bad.json")))
        try NPYWriter.write(points: [.zero], to: dir.file("points.npy"))
        let result = try CommandRunner.run(["query", dir.file("bad.json"), dir.file("points.npy"), "-o", dir.file("d.npy")])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(dir.file("bad.json")): $.root.children[0].children[0].radius: must be positive\n")
        #expect(!FileManager.default.fileExists(atPath: dir.file("d.npy")))
    }

    @Test func operatorsThatBreakTheBoundAreReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let twisted = #"{"root": {"type": "twist", "rate": 2, "child": {"type": "box", "size": [1, 0.3, 2]}}}"#
        try Data(twisted.utf8).write(to: URL(fileURLWithPath: dir.file("twist.json")))
        try NPYWriter.write(points: [.zero], to: dir.file("points.npy"))
        let result = try CommandRunner.run(["query", dir.file("twist.json"), dir.file("points.npy"), "-o", dir.file("d.npy")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(dir.file("twist.json")): twist: the field is only a bound with Lipschitz constant"))
    }
}
