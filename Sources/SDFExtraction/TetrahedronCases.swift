import SDFGeometry

/// The marching-tetrahedra case table, specialised to the six Kuhn tetrahedra of a lattice cell.
///
/// A tetrahedron's case has bit `i` set when its vertex `vᵢ` is outside (`s > 0`; `s == 0` counts
/// as inside). For a positively oriented tetrahedron the classic 16-case table below emits
/// triangles counter-clockwise seen from the outside, i.e. with outward normals under the
/// negative-inside convention. Tetrahedron edges are numbered `e0 = (0,1)`, `e1 = (0,2)`,
/// `e2 = (0,3)`, `e3 = (1,2)`, `e4 = (1,3)`, `e5 = (2,3)`.
///
/// Each tetrahedron edge is an edge of the lattice between two comparable cube corners, so it is
/// named by its lower corner (`x + 2y + 4z`) and one of the seven lattice edge directions of
/// `SimplexLattice.edgeDirections`. `CellCases` resolves the table into those names once.
enum TetrahedronCases {
    /// Triangles per case as tetrahedron edge triples (`-1` pads unused slots).
    static let triangleEdges: [[Int]] = [
        [], [1, 0, 2], [4, 0, 3], [1, 4, 2, 1, 3, 4],
        [3, 1, 5], [2, 3, 0, 2, 5, 3], [1, 4, 0, 1, 5, 4], [4, 2, 5],
        [4, 5, 2], [4, 1, 0, 4, 5, 1], [3, 2, 0, 3, 5, 2], [1, 3, 5],
        [4, 1, 2, 4, 3, 1], [3, 0, 4], [2, 0, 1], [],
    ]

    /// Vertex pairs of the six tetrahedron edges.
    static let edgeVertices: [(Int, Int)] = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
}

/// The case table resolved for every (cell tetrahedron, case) pair into lattice edges.
///
/// `entries[(tet·16 + case)·7]` holds the triangle count followed by up to six edge codes
/// `lowerCorner << 3 | direction`. Built once from `SimplexLattice.cellTetrahedra`, so the
/// extractor walks exactly the tetrahedra the encoder uses.
struct CellCases: Sendable {
    let entries: [UInt8]
    /// Cube corner offsets (`x + 2y + 4z`) for each tetrahedron's four vertices.
    let tetCorners: [SIMD4<Int32>]

    static let shared = CellCases()

    private init() {
        tetCorners = SimplexLattice.cellTetrahedra
        var table = [UInt8](repeating: 0, count: tetCorners.count * 16 * 7)
        for (t, tet) in tetCorners.enumerated() {
            for c in 0..<16 {
                let edges = TetrahedronCases.triangleEdges[c]
                let base = (t * 16 + c) * 7
                table[base] = UInt8(edges.count / 3)
                for (k, e) in edges.enumerated() {
                    let (i, j) = TetrahedronCases.edgeVertices[e]
                    table[base + 1 + k] = Self.edgeCode(tet[i], tet[j])
                }
            }
        }
        entries = table
    }

    /// The code `lowerCorner << 3 | direction` of the lattice edge between cube corners `a`, `b`.
    static func edgeCode(_ a: Int32, _ b: Int32) -> UInt8 {
        let (lo, hi) = a & b == a ? (a, b) : (b, a)
        precondition(lo & hi == lo, "tetrahedron edge between incomparable cube corners")
        let d = SimplexLattice.cornerOffset(hi) &- SimplexLattice.cornerOffset(lo)
        guard let direction = SimplexLattice.edgeDirections.firstIndex(of: d) else {
            preconditionFailure("tetrahedron edge is not a lattice direction")
        }
        return UInt8(lo) << 3 | UInt8(direction)
    }
}
