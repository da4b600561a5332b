import CAssimp
import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// Binary glTF 2.0 through Assimp's `glb2` exporter, from a scene built here.
enum GLBExport {
    /// The `.glb` file's bytes for `mesh`.
    static func encode(_ mesh: TriangleMesh, path: String) throws -> [UInt8] {
        let scene = SwiftBuiltScene(mesh)
        return try AssimpAccess.lock.withLock { _ in
            guard let blob = aiExportSceneToBlob(scene.scene, "glb2", 0) else {
                throw SDFError("Assimp's glb2 exporter failed", path: path)
            }
            defer { aiReleaseExportBlob(blob) }
            guard let data = blob.pointee.data, blob.pointee.size > 0 else {
                throw SDFError("Assimp's glb2 exporter produced no data", path: path)
            }
            return Array(UnsafeRawBufferPointer(start: data, count: blob.pointee.size))
        }
    }
}

/// A one-mesh `aiScene` allocated with `calloc`/`malloc` and freed here on deinit. It is never
/// passed to `aiReleaseImport` (Assimp would free it with `delete`).
private final class SwiftBuiltScene {
    let scene: UnsafeMutablePointer<aiScene>
    private let root: UnsafeMutablePointer<aiNode>
    private let rootMeshIndices: UnsafeMutablePointer<UInt32>
    private let meshList: UnsafeMutablePointer<UnsafeMutablePointer<aiMesh>?>
    private let mesh: UnsafeMutablePointer<aiMesh>
    private let vertices: UnsafeMutablePointer<aiVector3D>
    private let faces: UnsafeMutablePointer<aiFace>
    private let corners: UnsafeMutablePointer<UInt32>
    private let materialList: UnsafeMutablePointer<UnsafeMutablePointer<aiMaterial>?>
    private let material: UnsafeMutablePointer<aiMaterial>

    init(_ source: TriangleMesh) {
        func zeroed<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
            calloc(max(1, count), MemoryLayout<T>.stride)!.assumingMemoryBound(to: T.self)
        }
        scene = zeroed(aiScene.self)
        root = zeroed(aiNode.self)
        rootMeshIndices = zeroed(UInt32.self)
        meshList = zeroed(UnsafeMutablePointer<aiMesh>?.self)
        mesh = zeroed(aiMesh.self)
        vertices = zeroed(aiVector3D.self, count: source.vertexCount)
        faces = zeroed(aiFace.self, count: source.triangleCount)
        corners = zeroed(UInt32.self, count: source.indices.count)
        materialList = zeroed(UnsafeMutablePointer<aiMaterial>?.self)
        material = zeroed(aiMaterial.self)

        for (v, p) in source.positions.enumerated() {
            vertices[v] = aiVector3D(x: p.x, y: p.y, z: p.z)
        }
        for (i, index) in source.indices.enumerated() { corners[i] = index }
        for t in 0..<source.triangleCount {
            faces[t] = aiFace(mNumIndices: 3, mIndices: corners + 3 * t)
        }
        mesh.pointee.mPrimitiveTypes = aiPrimitiveType_TRIANGLE.rawValue
        mesh.pointee.mNumVertices = UInt32(source.vertexCount)
        mesh.pointee.mVertices = vertices
        mesh.pointee.mNumFaces = UInt32(source.triangleCount)
        mesh.pointee.mFaces = faces
        meshList[0] = mesh
        materialList[0] = material

        root.pointee.mTransformation = aiMatrix4x4(
            a1: 1, a2: 0, a3: 0, a4: 0, b1: 0, b2: 1, b3: 0, b4: 0,
            c1: 0, c2: 0, c3: 1, c4: 0, d1: 0, d2: 0, d3: 0, d4: 1)
        root.pointee.mNumMeshes = 1
        root.pointee.mMeshes = rootMeshIndices
        scene.pointee.mRootNode = root
        scene.pointee.mNumMeshes = 1
        scene.pointee.mMeshes = meshList
        scene.pointee.mNumMaterials = 1
        scene.pointee.mMaterials = materialList
        scene.pointee.mFlags = UInt32(AI_SCENE_FLAGS_NON_VERBOSE_FORMAT)
    }

    deinit {
        free(scene)
        free(root)
        free(rootMeshIndices)
        free(meshList)
        free(mesh)
        free(vertices)
        free(faces)
        free(corners)
        free(materialList)
        free(material)
    }
}
