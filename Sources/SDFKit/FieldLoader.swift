import Foundation

/// Opens any file sdfkit can turn into a distance field, by extension: `.json` → scene file
/// (`SceneFile`), `.sdfnet` → trained network, anything else → mesh (exact mesh distance).
public enum FieldLoader {
    /// Extensions of the field files that are not meshes.
    static let fieldExtensions: Set<String> = ["json", "sdfnet"]

    /// Loads the field stored at `path`; scene warnings (operators that weaken the distance
    /// bound) and mesh import warnings are printed on stderr. Meshes get the sign rule `meshSign`.
    public static func load(_ path: String, meshSign: SignMode = .auto) throws -> any DistanceField {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": return try loadScene(path)
        case "sdfnet": return try NeuralSDF.load(path)
        default: return try loadMeshField(path, sign: meshSign)
        }
    }

    /// Imports the mesh at `path` (warnings on stderr) and builds its exact signed distance field.
    /// - Throws: `SDFError` naming the file when it cannot be imported or has no usable surface.
    public static func loadMeshField(_ path: String, sign: SignMode = .auto) throws -> MeshDistanceField {
        let mesh = try loadMesh(path)
        do {
            return try MeshDistanceField(mesh: mesh, sign: sign)
        } catch var error as SDFError {
            error.path = error.path ?? path
            throw error
        }
    }

    /// Whether `path` names a mesh file (anything but a scene or a model, by extension).
    public static func isMesh(_ path: String) -> Bool {
        !fieldExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Imports the mesh at `path`, printing the importer's warnings on stderr.
    public static func loadMesh(_ path: String) throws -> TriangleMesh {
        let imported = try MeshImporter.load(path)
        for warning in imported.warnings { printWarning("\(path): \(warning)") }
        return imported.mesh
    }

    /// A scene file, with its mesh and network nodes loaded through this loader.
    static func loadScene(_ path: String) throws -> Shape {
        let scene = try SceneFile.load(path) { source, resolved in
            let isScene = (resolved as NSString).pathExtension.lowercased() == "json"
            guard !isScene else { throw SDFError("a scene cannot refer to another scene") }
            return try FieldLoader.load(resolved)
        }
        for warning in scene.warnings { printWarning("\(path): \(warning)") }
        return scene
    }
}
