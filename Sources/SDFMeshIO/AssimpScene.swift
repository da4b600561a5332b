import CAssimp
import SDFGeometry
import Synchronization

/// Owns a scene imported by Assimp and releases it with `aiReleaseImport` when dropped.
///
/// Assimp pointers never leave this module: the scene is copied into a `TriangleMesh` right away.
final class AssimpScene {
    let scene: UnsafePointer<aiScene>

    /// Post-processing applied once the scene has been checked: triangulate polygons, strip every
    /// per-vertex attribute but the position (so STL's per-face normals do not stop vertex
    /// joining), join identical vertices, validate again.
    private static let postProcessing: UInt32 =
        aiProcess_Triangulate.rawValue | aiProcess_RemoveComponent.rawValue
        | aiProcess_JoinIdenticalVertices.rawValue | aiProcess_ValidateDataStructure.rawValue

    private static let removedComponents: Int32 = Int32(bitPattern:
        aiComponent_NORMALS.rawValue | aiComponent_TANGENTS_AND_BITANGENTS.rawValue
        | aiComponent_COLORS.rawValue | aiComponent_TEXCOORDS.rawValue
        | aiComponent_BONEWEIGHTS.rawValue | aiComponent_ANIMATIONS.rawValue
        | aiComponent_TEXTURES.rawValue | aiComponent_LIGHTS.rawValue
        | aiComponent_CAMERAS.rawValue)

    /// Imports `path`; throws with Assimp's reason when it cannot.
    ///
    /// The file is read and validated first (index ranges among others). Faces without indices
    /// (left by readers on truncated files) are refused and each mesh's primitive types are
    /// recomputed from its faces: Assimp's triangulation asserts, aborting the process, on
    /// mislabelled meshes. Only then does the post-processing run.
    init(importing path: String) throws {
        let (imported, reason): (UnsafePointer<aiScene>?, String) = AssimpAccess.lock.withLock { _ in
            let properties = aiCreatePropertyStore()
            defer { aiReleasePropertyStore(properties) }
            aiSetImportPropertyInteger(properties, "PP_RVC_FLAGS", Self.removedComponents)
            let validation = aiProcess_ValidateDataStructure.rawValue
            guard let raw = aiImportFileExWithProperties(path, validation, nil, properties) else {
                return (nil, aiGetErrorString().map { String(cString: $0) } ?? "")
            }
            let emptyFaces = Self.relabelPrimitiveTypes(UnsafeMutablePointer(mutating: raw))
            guard emptyFaces == 0 else {
                aiReleaseImport(raw)
                return (nil, "\(emptyFaces) faces without vertices (truncated or malformed file)")
            }
            // On failure Assimp releases the scene itself.
            let processed = aiApplyPostProcessing(raw, Self.postProcessing)
            return (processed, processed == nil ? aiGetErrorString().map { String(cString: $0) } ?? "" : "")
        }
        guard let imported else {
            let line = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
            throw SDFError(line.isEmpty ? "Assimp could not read the file" : line, path: path)
        }
        scene = imported
    }

    /// Sets every mesh's `mPrimitiveTypes` to the kinds of faces it really holds; returns the
    /// number of faces without indices (which Assimp's triangulation cannot handle).
    private static func relabelPrimitiveTypes(_ scene: UnsafeMutablePointer<aiScene>) -> Int {
        var emptyFaces = 0
        guard let meshes = scene.pointee.mMeshes else { return 0 }
        for m in 0..<Int(scene.pointee.mNumMeshes) {
            guard let mesh = meshes[m] else { continue }
            var types: UInt32 = 0
            if let faces = mesh.pointee.mFaces {
                for f in 0..<Int(mesh.pointee.mNumFaces) {
                    switch faces[f].mNumIndices {
                    case 0: emptyFaces += 1
                    case 1: types |= aiPrimitiveType_POINT.rawValue
                    case 2: types |= aiPrimitiveType_LINE.rawValue
                    case 3: types |= aiPrimitiveType_TRIANGLE.rawValue
                    default: types |= aiPrimitiveType_POLYGON.rawValue
                    }
                }
            }
            mesh.pointee.mPrimitiveTypes = types
        }
        return emptyFaces
    }

    deinit {
        aiReleaseImport(scene)
    }
}

/// Serialises use of Assimp's C API within the process: its last-error message and its logger
/// are global. sdfkit's importer and exporter take this lock; code that calls Assimp directly
/// alongside them should take it too.
public enum AssimpAccess {
    static let lock = Mutex(())

    /// Runs `body` while holding the Assimp lock.
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try lock.withLock { _ in try body() }
    }
}
