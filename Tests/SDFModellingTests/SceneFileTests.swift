import Foundation
import SDFGeometry
import SDFModelling
import SDFTestSupport
import Testing

/// Scene files: round trips, validation errors that name the JSON path, bad input.
@Suite struct SceneFileTests {
    /// A tree that uses every kind of node that scene files can hold.
    var everything: Shape {
        let profile = (Circle(radius: 0.2) | Rectangle(size: [0.3, 0.1]).translated(by: [0.1, 0])) - Polygon(vertices: [[0, 0], [0.1, 0], [0, 0.1]])
        let parts: [Shape] = [
            Sphere(radius: 0.3, center: [0.1, 0, 0]).shape, Box(size: [0.3, 0.2, 0.4]).rounded(0.05).shape,
            Torus(majorRadius: 0.3, minorRadius: 0.1).rotated(around: [1, 0, 0], angle: 0.3),
            Capsule(from: [0, 0, 0], to: [0.2, 0.1, 0], radius: 0.1).scaled(by: 1.5),
            Cylinder(radius: 0.2, height: 0.5).rounded(0.05).scaled(by: [1, 2, 1]),
            Cone(height: 0.4, bottomRadius: 0.2, topRadius: 0.05).repeated(every: [1, 0, 0], limit: [1, 0, 0]),
            Ellipsoid(radii: [0.2, 0.3, 0.1]).mirrored([.x, .z]), Octahedron(size: 0.2).twisted(rate: 0.5),
            Pyramid(base: 0.3, height: 0.4).bent(rate: 0.2), Tetrahedron(size: 0.2).elongated(by: [0.1, 0, 0]),
            profile.extruded(height: 0.2).shelled(thickness: 0.02), RoundedRectangle(size: [0.2, 0.3], radius: 0.05).revolved(offset: 0.4),
            Box(side: 0.5).dilated(by: 0.05).eroded(by: 0.02) & Plane(normal: [0, 0, 1], offset: 0.1),
        ]
        let blended = parts[0].smoothUnion(parts[1], k: 0.1).chamferDifference(parts[2], k: 0.05)
        return parts.dropFirst(3).reduce(blended) { $0 | $1 } - Sphere(radius: 0.1) - Box(side: 0.1)
    }

    @Test func roundTripGivesTheSameTreeAndValues() throws {
        let shape = everything
        let data = try SceneFile.encode(shape.node)
        let decoded = try SceneFile.decode(data)
        #expect(decoded.node == shape.node)
        let points = randomPoints(2000, extent: 1.5, seed: 50)
        #expect(decoded.distances(at: points) == shape.distances(at: points))
        // Encoding is stable.
        #expect(try SceneFile.encode(decoded.node) == data)
    }

    @Test func readableSyntaxDecodesToTheExpectedShape() throws {
        let text = """
        { "version": 1, "root": { "type": "difference", "children": [
            { "type": "intersection", "children": [ { "type": "sphere", "radius": 1 },
                                                    { "type": "box", "size": [1.5, 1.5, 1.5] } ] },
            { "type": "rotate", "axis": [0, 1, 0], "degrees": 90, "child": { "type": "cylinder", "radius": 0.5, "height": 3 } },
            { "type": "orient", "direction": [0, 1, 0], "child": { "type": "cylinder", "radius": 0.5, "height": 3 } },
            { "type": "rotate", "matrix": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "child": { "type": "cylinder", "radius": 0.5, "height": 3 } }
        ] } }
        """
        let shape = try SceneFile.decode(Data(text.utf8))
        let cylinder = Cylinder(radius: 0.5, height: 3)
        let expected = (Sphere(radius: 1) & Box(side: 1.5)) - cylinder.oriented(along: [1, 0, 0])
            - cylinder.oriented(along: [0, 1, 0]) - cylinder
        let points = randomPoints(2000, extent: 1.5, seed: 51)
        let deviation = zip(shape.distances(at: points), expected.distances(at: points)).map { abs($0 - $1) }.max()!
        #expect(deviation < 1e-5)
    }

    func error(decoding text: String) -> String? {
        do {
            _ = try SceneFile.decode(Data(text.utf8))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func validationErrorsNameTheJSONPath() {
        let cases: [(String, String)] = [
            (#"{"root": {"type": "union", "children": [{"type": "sphere", "radius": 1}, {"type": "box", "size": [1, 1, 1]}, {"type": "sphere", "radius": -2}]}}"#,
             "$.root.children[2].radius: must be positive"),
            (#"{"root": {"type": "sphere"}}"#, "$.root.radius: missing"),
            (#"{"root": {"type": "sphear", "radius": 1}}"#, "$.root.type: unknown node type \"sphear\""),
            (#"{"root": {"type": "sphere", "radius": 1, "radus": 2}}"#, "$.root.radus: unknown field"),
            (#"{"root": {"type": "box", "size": [1, 1]}}"#, "$.root.size: must be an array of 3 numbers"),
            (#"{"root": {"type": "translate", "offset": [0, 0, "a"], "child": {"type": "sphere", "radius": 1}}}"#,
             "$.root.offset[2]: must be a number"),
            (#"{"root": {"type": "difference", "children": [{"type": "sphere", "radius": 1}]}}"#,
             "$.root.children: needs at least 2 children"),
            (#"{"root": {"type": "extrude", "height": 1, "profile": {"type": "polygon", "points": [[0, 0], [1, 0]]}}}"#,
             "$.root.profile.points: needs at least 3 points"),
            (#"{"root": {"type": "union", "smooth": 0.1, "chamfer": 0.1, "children": [{"type": "sphere", "radius": 1}]}}"#,
             "$.root.chamfer: use either smooth or chamfer, not both"),
            (#"{"root": {"type": "mesh", "path": "no-such-file.obj"}}"#, "$.root.path: file not found"),
            (#"{"version": 2, "root": {"type": "sphere", "radius": 1}}"#, "$.version: unsupported version"),
            (#"{"root": [1, 2]}"#, "$.root: must be an object"),
            (#"{"root": {"type": "sphere", "radius": 1e39}}"#, "$.root.radius: must be a finite"),
            ("{\"root\": ", "malformed JSON"),
        ]
        for (text, expected) in cases {
            let message = error(decoding: text)
            #expect(message?.hasPrefix(expected) == true, "\(expected) ← \(message ?? "no error")")
        }
    }

    @Test func deepNestingIsRejected() {
        var text = #"{"type": "sphere", "radius": 1}"#
        for _ in 0..<70 { text = #"{"type": "translate", "offset": [0, 0, 0], "child": "# + text + "}" }
        let message = error(decoding: #"{"root": "# + text + "}")
        #expect(message?.contains("nesting is deeper than 64 levels") == true)
    }

    @Test func loadNamesTheFileAndRejectsUnboundedScenes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("scene.json")
        try Data(#"{"root": {"type": "sphere", "radius": -1}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SDFError("$.root.radius: must be positive", path: path)) { try SceneFile.load(path) }
        try Data(#"{"root": {"type": "plane", "normal": [0, 0, 1]}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SDFError.self) { try SceneFile.load(path) }
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(throws: SDFError("empty scene file", path: path)) { try SceneFile.load(path) }
        #expect(throws: SDFError("file not found", path: directory.file("none.json"))) { try SceneFile.load(directory.file("none.json")) }

        try SceneFile.write((Sphere(radius: 1) & Plane(normal: [0, 0, 1])).node, to: path)
        let loaded = try SceneFile.load(path)
        #expect(loaded.isBounded)
        #expect(abs(loaded.distance(at: [0, 0, -1])) < 1e-6)
    }

    @Test func fieldNodesResolveRelativeToTheSceneFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("stand-in".utf8).write(to: URL(fileURLWithPath: directory.file("part.obj")))
        let scene = directory.file("scene.json")
        let text = #"{"root": {"type": "difference", "children": [{"type": "mesh", "path": "part.obj"}, {"type": "sphere", "radius": 0.3}]}}"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: scene))
        let shape = try SceneFile.load(scene) { source, resolved in
            #expect(source == FieldSource(kind: .mesh, path: "part.obj"))
            #expect(resolved == directory.file("part.obj"))
            return Box(side: 1).shape
        }
        #expect(abs(shape.distance(at: [0.5, 0, 0])) < 1e-6)
        #expect(shape.distance(at: .zero) > 0)
        // The source path is written back unchanged.
        let encoded = String(decoding: try SceneFile.encode(shape.node), as: UTF8.self)
        #expect(encoded.contains("\"path\": \"part.obj\""))
        // With the default resolver the stand-in is not a mesh: the error names the node.
        do {
            _ = try SceneFile.load(scene)
            Issue.record("a file that is not a mesh was accepted")
        } catch let error as SDFError {
            #expect(error.path == scene)
            #expect(error.reason.hasPrefix("$.root.children[0].path: "))
        }
    }
}
