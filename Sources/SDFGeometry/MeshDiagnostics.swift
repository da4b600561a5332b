/// Topological and geometric health of a `TriangleMesh`, as computed by `TriangleMesh.diagnostics()`.
///
/// Edges are undirected vertex pairs of the non-degenerate-by-index triangles. An edge used by one
/// triangle lies on the boundary, by three or more it is non-manifold, and two triangles that
/// traverse a shared edge in the same direction disagree about orientation.
public struct MeshDiagnostics: Sendable, Equatable, Codable {
    /// Number of vertices, referenced or not.
    public var vertexCount: Int
    /// Number of triangles, degenerate ones included.
    public var triangleCount: Int
    /// Vertices used by no triangle.
    public var unreferencedVertices: Int
    /// Distinct undirected edges.
    public var edgeCount: Int
    /// Connected components of triangles (sharing a vertex connects them).
    public var components: Int
    /// Edges used by exactly one triangle.
    public var boundaryEdges: Int
    /// Edges used by three or more triangles.
    public var nonManifoldEdges: Int
    /// Edges shared by exactly two triangles that traverse it in the same direction.
    public var inconsistentlyOrientedEdges: Int
    /// Triangles with a repeated vertex index or collinear corners (zero area).
    public var degenerateTriangles: Int
    /// Triangles whose vertex set equals that of an earlier triangle (either winding).
    public var duplicateTriangles: Int
    /// V − E + F over referenced vertices and triangles without repeated indices.
    public var eulerCharacteristic: Int

    /// The edge counts alone, which decide closedness and orientation.
    public var edgeUse: EdgeUse {
        EdgeUse(triangleCount: triangleCount, edgeCount: edgeCount, boundaryEdges: boundaryEdges,
                nonManifoldEdges: nonManifoldEdges, inconsistentlyOrientedEdges: inconsistentlyOrientedEdges)
    }
    /// No boundary edges and no non-manifold edges (and at least one triangle); see `EdgeUse.isClosed`.
    public var isClosed: Bool { edgeUse.isClosed }
    /// Every manifold edge is traversed once in each direction by its two triangles; see
    /// `EdgeUse.isConsistentlyOriented`.
    public var isConsistentlyOriented: Bool { edgeUse.isConsistentlyOriented }
    /// Closed, consistently oriented and free of degenerate and duplicate triangles: a mesh
    /// whose inside is well defined.
    public var isWatertight: Bool {
        isClosed && isConsistentlyOriented && degenerateTriangles == 0 && duplicateTriangles == 0
    }
    /// Genus of a watertight mesh, `(2·components − χ) / 2`; nil otherwise.
    public var genus: Int? {
        guard isWatertight else { return nil }
        let twiceGenus = 2 * components - eulerCharacteristic
        return twiceGenus >= 0 && twiceGenus % 2 == 0 ? twiceGenus / 2 : nil
    }

    /// Diagnostics from their counts (normally obtained from `TriangleMesh.diagnostics()`).
    public init(
        vertexCount: Int, triangleCount: Int, unreferencedVertices: Int, edgeCount: Int,
        components: Int, boundaryEdges: Int, nonManifoldEdges: Int,
        inconsistentlyOrientedEdges: Int, degenerateTriangles: Int, duplicateTriangles: Int,
        eulerCharacteristic: Int
    ) {
        self.vertexCount = vertexCount
        self.triangleCount = triangleCount
        self.unreferencedVertices = unreferencedVertices
        self.edgeCount = edgeCount
        self.components = components
        self.boundaryEdges = boundaryEdges
        self.nonManifoldEdges = nonManifoldEdges
        self.inconsistentlyOrientedEdges = inconsistentlyOrientedEdges
        self.degenerateTriangles = degenerateTriangles
        self.duplicateTriangles = duplicateTriangles
        self.eulerCharacteristic = eulerCharacteristic
    }

    private enum CodingKeys: String, CodingKey {
        case vertexCount, triangleCount, unreferencedVertices, edgeCount, components, boundaryEdges
        case nonManifoldEdges, inconsistentlyOrientedEdges, degenerateTriangles, duplicateTriangles
        case eulerCharacteristic, isClosed, isConsistentlyOriented, isWatertight, genus
    }

    /// Decodes the counts; the derived flags in the input are ignored and recomputed.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            vertexCount: try c.decode(Int.self, forKey: .vertexCount),
            triangleCount: try c.decode(Int.self, forKey: .triangleCount),
            unreferencedVertices: try c.decode(Int.self, forKey: .unreferencedVertices),
            edgeCount: try c.decode(Int.self, forKey: .edgeCount),
            components: try c.decode(Int.self, forKey: .components),
            boundaryEdges: try c.decode(Int.self, forKey: .boundaryEdges),
            nonManifoldEdges: try c.decode(Int.self, forKey: .nonManifoldEdges),
            inconsistentlyOrientedEdges: try c.decode(Int.self, forKey: .inconsistentlyOrientedEdges),
            degenerateTriangles: try c.decode(Int.self, forKey: .degenerateTriangles),
            duplicateTriangles: try c.decode(Int.self, forKey: .duplicateTriangles),
            eulerCharacteristic: try c.decode(Int.self, forKey: .eulerCharacteristic))
    }

    /// Encodes the counts together with the derived flags, so JSON readers need not re-derive them.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vertexCount, forKey: .vertexCount)
        try c.encode(triangleCount, forKey: .triangleCount)
        try c.encode(unreferencedVertices, forKey: .unreferencedVertices)
        try c.encode(edgeCount, forKey: .edgeCount)
        try c.encode(components, forKey: .components)
        try c.encode(boundaryEdges, forKey: .boundaryEdges)
        try c.encode(nonManifoldEdges, forKey: .nonManifoldEdges)
        try c.encode(inconsistentlyOrientedEdges, forKey: .inconsistentlyOrientedEdges)
        try c.encode(degenerateTriangles, forKey: .degenerateTriangles)
        try c.encode(duplicateTriangles, forKey: .duplicateTriangles)
        try c.encode(eulerCharacteristic, forKey: .eulerCharacteristic)
        try c.encode(isClosed, forKey: .isClosed)
        try c.encode(isConsistentlyOriented, forKey: .isConsistentlyOriented)
        try c.encode(isWatertight, forKey: .isWatertight)
        try c.encodeIfPresent(genus, forKey: .genus)
    }
}

/// Counts of a mesh's undirected edges by use (`TriangleMesh.edgeUse()`): what decides closedness,
/// manifoldness and orientation; the same counts as the matching `MeshDiagnostics` fields.
public struct EdgeUse: Sendable, Equatable, Codable {
    /// Number of triangles, degenerate ones included.
    public var triangleCount: Int
    /// Distinct undirected edges.
    public var edgeCount: Int
    /// Edges used by exactly one triangle.
    public var boundaryEdges: Int
    /// Edges used by three or more triangles.
    public var nonManifoldEdges: Int
    /// Edges shared by exactly two triangles that traverse it in the same direction.
    public var inconsistentlyOrientedEdges: Int

    /// No boundary edges and no non-manifold edges (and at least one triangle).
    public var isClosed: Bool { triangleCount > 0 && boundaryEdges == 0 && nonManifoldEdges == 0 }
    /// Every manifold edge is traversed once in each direction by its two triangles.
    public var isConsistentlyOriented: Bool { inconsistentlyOrientedEdges == 0 }

    /// Counts from their values (normally obtained from `TriangleMesh.edgeUse()`).
    public init(triangleCount: Int, edgeCount: Int, boundaryEdges: Int, nonManifoldEdges: Int,
                inconsistentlyOrientedEdges: Int) {
        self.triangleCount = triangleCount
        self.edgeCount = edgeCount
        self.boundaryEdges = boundaryEdges
        self.nonManifoldEdges = nonManifoldEdges
        self.inconsistentlyOrientedEdges = inconsistentlyOrientedEdges
    }
}
