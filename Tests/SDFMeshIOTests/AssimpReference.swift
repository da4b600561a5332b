import CAssimp
import Foundation
import SDFMeshIO

/// What Assimp itself makes of a file with its own scene flattening (PreTransformVertices),
/// for comparison with `MeshImporter`'s node walk.
struct AssimpReference {
    var triangles: Int
    var bounds: (min: SIMD3<Float>, max: SIMD3<Float>)

    /// nil when Assimp cannot read the file.
    static func read(_ path: String) -> AssimpReference? {
        AssimpAccess.withLock {
            let flags = aiProcess_Triangulate.rawValue | aiProcess_PreTransformVertices.rawValue
                | aiProcess_ValidateDataStructure.rawValue
            guard let scene = aiImportFile(path, flags) else { return nil }
            defer { aiReleaseImport(scene) }
            var triangles = 0
            var lo = SIMD3<Float>(repeating: .infinity), hi = SIMD3<Float>(repeating: -.infinity)
            for m in 0..<Int(scene.pointee.mNumMeshes) {
                guard let mesh = scene.pointee.mMeshes[m] else { continue }
                for f in 0..<Int(mesh.pointee.mNumFaces) where mesh.pointee.mFaces[f].mNumIndices == 3 {
                    triangles += 1
                    for c in 0..<3 {
                        let v = mesh.pointee.mVertices[Int(mesh.pointee.mFaces[f].mIndices[c])]
                        lo = pointwiseMin(lo, SIMD3(v.x, v.y, v.z))
                        hi = pointwiseMax(hi, SIMD3(v.x, v.y, v.z))
                    }
                }
            }
            return AssimpReference(triangles: triangles, bounds: (lo, hi))
        }
    }
}

/// The models of Debian's assimp-testmodels package.
enum TestModels {
    static let root = "/usr/share/assimp/models"

    /// `root/relative`.
    static func path(_ relative: String) -> String { root + "/" + relative }

    /// Every file under the folders the issue names, except textures and side files.
    static func candidates() -> [String] {
        let folders = ["OBJ", "PLY", "STL", "OFF", "glTF2", "Collada", "3DS", "FBX"]
        let skipped: Set<String> = [
            "png", "jpg", "jpeg", "bmp", "tga", "dds", "txt", "mtl", "bin", "gif", "tif", "vert",
            "frag", "md", "ktx", "ktx2", "exr", "hdr", "xml",
        ]
        var files: [String] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: path(folder)) else { continue }
            for case let file as String in walker {
                let relative = folder + "/" + file
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path(relative), isDirectory: &isDirectory)
                let ext = (file as NSString).pathExtension.lowercased()
                if isDirectory.boolValue || skipped.contains(ext) || file.hasSuffix("LICENSE") { continue }
                files.append(relative)
            }
        }
        return files.sorted()
    }
}
