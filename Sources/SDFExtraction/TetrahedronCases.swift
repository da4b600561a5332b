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

/// The case table resolved per cell: for each of the 256 sign patterns of a cell's eight corners,
/// the crossed cell edges and the triangles of its six tetrahedra as triples of cell edges.
///
/// A cell has 19 lattice edges (12 cube edges, 6 face diagonals, the main diagonal), each named by
/// its lower corner (`x + 2y + 4z`) and a direction of `SimplexLattice.edgeDirections`. Built once
/// from `SimplexLattice.cellTetrahedra`, so the extractor walks exactly the encoder's tetrahedra.
/// Bit `c` of a pattern is set when corner `c` is outside.
struct CellCases: Sendable {
    /// Lower corner, far corner and direction of each cell edge.
    let edgeCorner: [Int]
    let edgeEnd: [Int]
    let edgeDirection: [Int]
    /// `crossedEdges[crossedStart[m]..<crossedStart[m+1]]`: cell edges crossed in pattern `m`.
    let crossedStart: [Int]
    let crossedEdges: [UInt8]
    /// `triangleEdges[triangleStart[m]..<triangleStart[m+1]]`: three cell edges per triangle.
    let triangleStart: [Int]
    let triangleEdges: [UInt8]

    static let shared = CellCases()

    private init() {
        var corners: [Int] = [], ends: [Int] = [], directions: [Int] = []
        for (d, e) in SimplexLattice.edgeDirections.enumerated() {
            let bits = Int(e.x + 2 * e.y + 4 * e.z)
            for corner in 0..<8 where corner & bits == 0 {
                corners.append(corner)
                ends.append(corner | bits)
                directions.append(d)
            }
        }
        edgeCorner = corners
        edgeEnd = ends
        edgeDirection = directions
        func edgeIndex(_ a: Int32, _ b: Int32) -> UInt8 {
            let (lo, hi) = a & b == a ? (a, b) : (b, a)
            precondition(lo & hi == lo, "tetrahedron edge between incomparable cube corners")
            return UInt8((0..<corners.count).first { corners[$0] == Int(lo) && ends[$0] == Int(hi) }!)
        }
        var crossedStart = [0], crossed: [UInt8] = []
        var triangleStart = [0], triangles: [UInt8] = []
        for mask in 0..<256 {
            let outside = { (c: Int32) in (mask >> Int(c)) & 1 }
            for e in 0..<corners.count where outside(Int32(corners[e])) != outside(Int32(ends[e])) {
                crossed.append(UInt8(e))
            }
            crossedStart.append(crossed.count)
            for tet in SimplexLattice.cellTetrahedra {
                let tetCase = outside(tet.x) | outside(tet.y) << 1 | outside(tet.z) << 2
                    | outside(tet.w) << 3
                for e in TetrahedronCases.triangleEdges[tetCase] {
                    let (i, j) = TetrahedronCases.edgeVertices[e]
                    triangles.append(edgeIndex(tet[i], tet[j]))
                }
            }
            triangleStart.append(triangles.count)
        }
        self.crossedStart = crossedStart
        self.crossedEdges = crossed
        self.triangleStart = triangleStart
        self.triangleEdges = triangles
    }
}
