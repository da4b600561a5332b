import CAssimp
import SDFGeometry

/// Flattening of an imported scene: every mesh instance placed by the node tree, one mesh.
extension AssimpScene {
    /// The scene's triangles in world space, with what had to be left out.
    struct Flattened {
        var mesh = TriangleMesh()
        /// Point and line primitives, dropped.
        var droppedPoints = 0
        var droppedLines = 0
        /// Whether no node placed any mesh, so the meshes were taken untransformed.
        var meshesWithoutNodes = false
    }

    /// Walks the node tree, applies each node's accumulated transform to its meshes and merges
    /// everything into one mesh. Mirroring transforms reverse the winding to keep it outward.
    /// Throws on out-of-range mesh or vertex indices, absurd sizes or cyclic node graphs.
    func flattened(path: String) throws -> Flattened {
        var result = Flattened()
        let meshCount = Int(scene.pointee.mNumMeshes)
        guard meshCount > 0, let meshes = scene.pointee.mMeshes else { return result }
        var placed = 0
        if let root = scene.pointee.mRootNode {
            var stack: [(UnsafeMutablePointer<aiNode>, AffineTransform)] = [
                (root, AffineTransform(root.pointee.mTransformation))
            ]
            var visited = 0
            while let (node, transform) = stack.popLast() {
                visited += 1
                guard visited <= Self.maximumNodes else {
                    throw SDFError("scene graph has more than \(Self.maximumNodes) nodes or a cycle", path: path)
                }
                for m in 0..<Int(node.pointee.mNumMeshes) {
                    let index = Int(node.pointee.mMeshes[m])
                    guard index < meshCount, let mesh = meshes[index] else {
                        throw SDFError("node refers to missing mesh \(index)", path: path)
                    }
                    try append(mesh, transform, into: &result, path: path)
                    placed += 1
                }
                for c in 0..<Int(node.pointee.mNumChildren) {
                    guard let child = node.pointee.mChildren[c] else { continue }
                    stack.append((child, transform.then(AffineTransform(child.pointee.mTransformation))))
                }
            }
        }
        if placed == 0 {
            result.meshesWithoutNodes = true
            for m in 0..<meshCount {
                guard let mesh = meshes[m] else { continue }
                try append(mesh, .identity, into: &result, path: path)
            }
        }
        return result
    }

    private static let maximumNodes = 1 << 20

    /// Appends one mesh instance: positions transformed, triangles kept, polygons fanned,
    /// points and lines counted.
    private func append(
        _ mesh: UnsafeMutablePointer<aiMesh>, _ transform: AffineTransform,
        into result: inout Flattened, path: String
    ) throws {
        let vertexCount = Int(mesh.pointee.mNumVertices)
        let faceCount = Int(mesh.pointee.mNumFaces)
        let offset = result.mesh.vertexCount
        guard offset + vertexCount < Int(UInt32.max) else {
            throw SDFError("more than \(UInt32.max) vertices", path: path)
        }
        guard vertexCount == 0 || mesh.pointee.mVertices != nil, faceCount == 0 || mesh.pointee.mFaces != nil
        else { throw SDFError("mesh without vertex or face data", path: path) }
        let reversed = transform.isMirroring
        result.mesh.positions.reserveCapacity(offset + vertexCount)
        for v in 0..<vertexCount {
            let p = mesh.pointee.mVertices[v]
            result.mesh.positions.append(transform.apply(SIMD3(p.x, p.y, p.z)))
        }
        for f in 0..<faceCount {
            let face = mesh.pointee.mFaces[f]
            let n = Int(face.mNumIndices)
            switch n {
            case 0: continue
            case 1: result.droppedPoints += 1; continue
            case 2: result.droppedLines += 1; continue
            default: break
            }
            guard let corners = face.mIndices else { throw SDFError("face without indices", path: path) }
            for i in 0..<n where Int(corners[i]) >= vertexCount {
                throw SDFError("face index \(corners[i]) out of range (mesh has \(vertexCount) vertices)", path: path)
            }
            let first = UInt32(offset) + corners[0]
            for i in 1..<(n - 1) {
                let b = UInt32(offset) + corners[i], c = UInt32(offset) + corners[i + 1]
                result.mesh.indices.append(first)
                result.mesh.indices.append(reversed ? c : b)
                result.mesh.indices.append(reversed ? b : c)
            }
        }
    }
}

/// An affine map `p ↦ A p + t` in `Double`, built from Assimp's row-major 4×4 matrices.
struct AffineTransform {
    /// Rows of `[A | t]`.
    var rows: (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)

    static let identity = AffineTransform(rows: (SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0)))

    init(rows: (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)) {
        self.rows = rows
    }

    init(_ m: aiMatrix4x4) {
        rows = (SIMD4(Double(m.a1), Double(m.a2), Double(m.a3), Double(m.a4)),
                SIMD4(Double(m.b1), Double(m.b2), Double(m.b3), Double(m.b4)),
                SIMD4(Double(m.c1), Double(m.c2), Double(m.c3), Double(m.c4)))
    }

    /// `self ∘ inner`: applies `inner` first.
    func then(_ inner: AffineTransform) -> AffineTransform {
        func row(_ r: SIMD4<Double>) -> SIMD4<Double> {
            r.x * inner.rows.0 + r.y * inner.rows.1 + r.z * inner.rows.2 + SIMD4(0, 0, 0, r.w)
        }
        return AffineTransform(rows: (row(rows.0), row(rows.1), row(rows.2)))
    }

    func apply(_ p: SIMD3<Float>) -> SIMD3<Float> {
        let h = SIMD4<Double>(Double(p.x), Double(p.y), Double(p.z), 1)
        return SIMD3<Float>(Float((rows.0 * h).sum()), Float((rows.1 * h).sum()), Float((rows.2 * h).sum()))
    }

    /// Whether the linear part has a negative determinant (reverses orientation).
    var isMirroring: Bool {
        let a = SIMD3(rows.0.x, rows.0.y, rows.0.z), b = SIMD3(rows.1.x, rows.1.y, rows.1.z)
        let c = SIMD3(rows.2.x, rows.2.y, rows.2.z)
        return (a * cross(b, c)).sum() < 0
    }
}
