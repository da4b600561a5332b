import Foundation
import SDFDistance
import SDFGeometry
import SDFMeshIO
import SDFNeural

/// Scene files: a shape tree as JSON (format in docs/scene-format.md).
///
/// ```json
/// { "version": 1,
///   "root": { "type": "difference", "children": [
///       { "type": "intersection", "children": [ { "type": "sphere", "radius": 1 },
///                                               { "type": "box", "size": [1.5, 1.5, 1.5] } ] },
///       { "type": "cylinder", "radius": 0.5, "height": 3 } ] } }
/// ```
///
/// Errors name the file and the JSON path of the bad node, e.g.
/// `scene.json: $.root.children[2].radius: must be positive`.
public enum SceneFile {
    /// The format version this build reads and writes.
    public static let version = 1
    /// The deepest nesting of nodes accepted.
    public static let maximumDepth = 64
    /// The largest scene file accepted (bytes).
    public static let maximumFileSize = 64 << 20

    /// Loads the wrapped fields of `mesh` and `network` nodes: receives the node's source (the
    /// path as written) and the resolved absolute path, which exists.
    public typealias FieldResolver = @Sendable (FieldSource, String) throws -> any DistanceField

    /// Reads, validates and compiles the scene at `path`. `mesh` and `network` nodes are loaded
    /// through `resolver`, with paths relative to the scene file's directory. The root must be
    /// bounded (intersect planes and unlimited repetitions with a bounded shape, or use `clip`).
    public static func load(_ path: String, resolver: @escaping FieldResolver = defaultFieldResolver) throws -> Shape {
        let data = try readFile(path)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            let shape = try decode(data, relativeTo: directory.isEmpty ? "." : directory, resolver: resolver)
            guard shape.isBounded else {
                throw SDFError(shape.bounds.isEmpty ? "$.root: the shape is empty"
                    : "$.root: the shape is unbounded (a plane or an unlimited repetition); intersect it with a bounded shape or wrap it in a clip node")
            }
            return shape
        } catch var error as SDFError {
            error.path = path
            throw error
        }
    }

    /// Decodes a scene from JSON `data`; relative field paths resolve against `directory`.
    /// Errors carry the JSON path but no file name.
    public static func decode(_ data: Data, relativeTo directory: String = ".",
                              resolver: @escaping FieldResolver = defaultFieldResolver) throws -> Shape {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw SDFError("malformed JSON: \(oneLine(error))")
        }
        let decoder = SceneDecoder(directory: directory, resolver: resolver)
        return Shape(try decoder.decodeDocument(json))
    }

    /// Encodes `node` as a scene document (UTF-8 JSON, two-space indents). Fields built in code
    /// without a `FieldSource` cannot be encoded.
    public static func encode(_ node: ShapeNode) throws -> Data {
        let root = try SceneEncoder().encode(node, path: "$.root")
        let document = JSONValue.object([("version", .number(Double(version))), ("root", root)])
        return Data((document.formatted(indent: 0) + "\n").utf8)
    }

    /// Writes `node` as a scene file at `path` (atomically).
    public static func write(_ node: ShapeNode, to path: String) throws {
        try AtomicFile.write(Array(try encode(node)), to: path)
    }

    /// The default resolver: meshes through the mesh importer and exact mesh distance
    /// (`MeshDistanceField`), networks through `NeuralSDF.load`.
    public static let defaultFieldResolver: FieldResolver = { source, path in
        switch source.kind {
        case .mesh: return try MeshDistanceField(mesh: TriangleMesh(contentsOf: path))
        case .network: return try NeuralSDF.load(path)
        }
    }

    private static func readFile(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else { throw SDFError("file not found", path: path) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumFileSize {
            throw SDFError("scene file is larger than \(maximumFileSize >> 20) MiB", path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw SDFError("cannot read file", path: path) }
        guard !data.isEmpty else { throw SDFError("empty scene file", path: path) }
        return data
    }

    static func oneLine(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? "invalid"
    }
}
