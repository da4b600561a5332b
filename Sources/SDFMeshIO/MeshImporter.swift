import SDFGeometry

/// The result of importing a mesh file: the cleaned mesh and what was done to get it.
public struct MeshImport: Sendable, Equatable {
    /// Welded, degenerate-free triangles in world space (node transforms applied).
    public var mesh: TriangleMesh
    /// The file read.
    public var path: String
    /// The format, from the file name's extension in lower case (`"unknown"` without one).
    public var format: String
    /// Vertices and triangles as Assimp delivered them (triangulated, all instances, unwelded).
    public var sourceVertexCount: Int
    /// Triangles as Assimp delivered them, every mesh instance counted.
    public var sourceTriangleCount: Int
    /// Triangles removed after welding because they repeated a vertex or had zero area.
    public var removedDegenerateTriangles: Int
    /// Point and line primitives dropped (only triangles are kept).
    public var droppedPrimitives: Int
    /// Diagnostics of `mesh`.
    public var diagnostics: MeshDiagnostics
    /// Human-readable notes about anything dropped or assumed.
    public var warnings: [String]
}

/// Reads any mesh format Assimp reads into one welded `TriangleMesh`.
public enum MeshImporter {
    /// Default weld tolerance, relative to the bounding-box diagonal.
    public static let defaultWeldTolerance: Float = 1e-6

    /// Imports `path`: all meshes of the scene placed by their node transforms and merged,
    /// polygons triangulated, points and lines dropped (with a warning), vertices welded by
    /// position within `weldTolerance × diagonal`, degenerate triangles removed and counted.
    ///
    /// - Throws: `SDFError` naming the file when it is missing, empty, unreadable, not a mesh
    ///   Assimp understands, holds no triangles, has out-of-range indices or non-finite
    ///   coordinates.
    public static func load(_ path: String, weldTolerance: Float = defaultWeldTolerance) throws -> MeshImport {
        let size = try InputFileCheck.checkReadable(path)
        let head = try InputFileCheck.readPrefix(path, count: DeclaredSizeCheck.headerBytes)
        try DeclaredSizeCheck.check(path, head: head, fileSize: size)
        try ImportMemoryEstimate.check(path, head: head, fileSize: size)
        let flattened = try AssimpScene(importing: path).flattened(path: path)
        var warnings: [String] = []
        let dropped = flattened.droppedPoints + flattened.droppedLines
        if dropped > 0 {
            warnings.append("dropped \(flattened.droppedPoints) points and \(flattened.droppedLines) lines (only triangles are kept)")
        }
        if flattened.meshesWithoutNodes {
            warnings.append("no scene node places a mesh; meshes taken without transforms")
        }
        let source = flattened.mesh
        guard source.triangleCount > 0 else {
            let detail = dropped > 0 ? " (only \(dropped) points and lines)" : ""
            throw SDFError("no triangles in the file\(detail)", path: path)
        }
        let used = source.removingUnreferencedVertices()
        if let bad = used.positions.firstIndex(where: { !$0.isFinite }) {
            throw SDFError("vertex \(bad) has a non-finite coordinate \(used.positions[bad])", path: path)
        }
        let (cleaned, removed) = used.welded(relativeTolerance: weldTolerance).removingDegenerateTriangles()
        guard cleaned.triangleCount > 0 else {
            throw SDFError("all \(source.triangleCount) triangles are degenerate", path: path)
        }
        if removed > 0 {
            warnings.append("removed \(removed) degenerate triangles")
        }
        let mesh = cleaned.removingUnreferencedVertices()
        let diagnostics = mesh.diagnostics()
        if !diagnostics.isWatertight {
            warnings.append(
                "mesh is not watertight (\(diagnostics.boundaryEdges) boundary, \(diagnostics.nonManifoldEdges) non-manifold, "
                    + "\(diagnostics.inconsistentlyOrientedEdges) inconsistently oriented edges, "
                    + "\(diagnostics.duplicateTriangles) duplicate triangles): inside and outside may be ill-defined")
        }
        return MeshImport(
            mesh: mesh, path: path, format: formatName(of: path),
            sourceVertexCount: source.vertexCount, sourceTriangleCount: source.triangleCount,
            removedDegenerateTriangles: removed, droppedPrimitives: dropped, diagnostics: diagnostics,
            warnings: warnings)
    }

    /// The lower-cased extension of the file name, or `"unknown"`.
    static func formatName(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex
        else { return "unknown" }
        return name[name.index(after: dot)...].lowercased()
    }
}

extension TriangleMesh {
    /// Imports the mesh file at `path` (see `MeshImporter.load`), discarding the import report.
    public init(contentsOf path: String) throws {
        self = try MeshImporter.load(path).mesh
    }
}
