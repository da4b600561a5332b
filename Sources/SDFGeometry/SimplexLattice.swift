/// The simplex-noise lattice: the integer grid in *skewed* coordinates, each unit cell split into
/// six Kuhn (Freudenthal) tetrahedra. One type serves the hash encoder (which blends the four
/// corners of the simplex containing a point) and the extractor (which walks the same tetrahedra).
///
/// Skewing maps world coordinates `u` (already scaled to lattice units) to `k = u + F·Σuᵢ` with
/// `F = (√(n+1) − 1)/n = 1/3` in 3D; unskewing is `u = k − G·Σkᵢ` with `G = (1 − 1/√(n+1))/n = 1/6`.
/// Unskewed, all six tetrahedra are congruent and nearly regular (four edges √3/2, two edges 1):
/// the body-centred-cubic tetrahedralisation. Barycentric weights come straight from the sorted
/// fractional skewed coordinates because barycentric coordinates are affine-invariant.
///
/// Density: the skew has determinant 2, so there are `2·scale³` lattice vertices per unit of world
/// volume — twice a cubic grid with `scale` cells per unit. Compare encodings at equal vertex
/// density (`scale_simplex = scale_grid / ∛2`), not equal nominal resolution.
public struct SimplexLattice: Sendable, Equatable, Codable {
    /// Skew factor F₃ = (√4 − 1)/3.
    public static let skewFactor: Float = 1.0 / 3.0
    /// Unskew factor G₃ = (1 − 1/√4)/3.
    public static let unskewFactor: Float = 1.0 / 6.0

    /// Lattice units per world unit (before skewing).
    public var scale: Float
    /// The world point that maps to lattice coordinate zero.
    public var origin: SIMD3<Float>

    public init(scale: Float, origin: SIMD3<Float> = .zero) {
        precondition(scale > 0 && scale.isFinite, "lattice scale must be positive and finite")
        self.scale = scale
        self.origin = origin
    }

    /// Skewed lattice coordinates of a world point.
    @inlinable
    public func latticeCoordinates(of world: SIMD3<Float>) -> SIMD3<Float> {
        Self.skew((world - origin) * scale)
    }

    /// World position of a (possibly fractional) skewed lattice coordinate.
    @inlinable
    public func worldPosition(of lattice: SIMD3<Float>) -> SIMD3<Float> {
        Self.unskew(lattice) / scale + origin
    }

    /// World position of an integer lattice vertex.
    @inlinable
    public func worldPosition(ofVertex k: SIMD3<Int32>) -> SIMD3<Float> {
        worldPosition(of: SIMD3<Float>(k))
    }

    @inlinable
    public static func skew(_ u: SIMD3<Float>) -> SIMD3<Float> {
        u + SIMD3(repeating: u.sum() * skewFactor)
    }

    @inlinable
    public static func unskew(_ k: SIMD3<Float>) -> SIMD3<Float> {
        k - SIMD3(repeating: k.sum() * unskewFactor)
    }

    /// The simplex containing the skewed-space point `k`, with its barycentric weights.
    @inlinable
    public static func locate(skewed k: SIMD3<Float>) -> Simplex {
        let base = k.rounded(.down)
        return Simplex(cell: SIMD3<Int32>(base), fraction: k - base)
    }

    /// The simplex containing the world point `p`.
    @inlinable
    public func locate(_ p: SIMD3<Float>) -> Simplex {
        Self.locate(skewed: latticeCoordinates(of: p))
    }
}

/// One Kuhn tetrahedron of the skewed lattice and a point's barycentric weights in it.
///
/// Vertices walk from the cell corner along the axes in descending order of the fractional
/// coordinates: `v0 = cell`, `v1 = v0 + e(first)`, `v2 = v1 + e(second)`, `v3 = cell + (1,1,1)`.
/// Weights: `w0 = 1 − f(first)`, `w1 = f(first) − f(second)`, `w2 = f(second) − f(third)`,
/// `w3 = f(third)`. Ties break x before y before z, so neighbouring cells agree on shared faces.
public struct Simplex: Sendable, Equatable {
    /// The integer corner of the skewed cell.
    public var cell: SIMD3<Int32>
    /// Offset of `v1` from the cell corner (a unit vector).
    public var offset1: SIMD3<Int32>
    /// Offset of `v2` from the cell corner (a sum of two unit vectors).
    public var offset2: SIMD3<Int32>
    /// Barycentric weights of `v0…v3`: non-negative, summing to 1.
    public var weights: SIMD4<Float>

    /// Branch-free construction from the cell corner and the fractional part in `[0, 1)³`.
    @inlinable @inline(__always)
    public init(cell: SIMD3<Int32>, fraction f: SIMD3<Float>) {
        self.cell = cell
        // Rank of each axis among the three (2 = largest), ties broken x > y > z.
        let xy: Int32 = f.x >= f.y ? 1 : 0
        let xz: Int32 = f.x >= f.z ? 1 : 0
        let yz: Int32 = f.y >= f.z ? 1 : 0
        let rank = SIMD3<Int32>(xy + xz, (1 - xy) + yz, (1 - xz) + (1 - yz))
        offset1 = SIMD3<Int32>.zero.replacing(with: 1, where: rank .== 2)
        offset2 = SIMD3<Int32>.zero.replacing(with: 1, where: rank .>= 1)
        let hi = Swift.max(f.x, Swift.max(f.y, f.z))
        let lo = Swift.min(f.x, Swift.min(f.y, f.z))
        let mid = f.x + f.y + f.z - hi - lo
        weights = SIMD4(1 - hi, hi - mid, mid - lo, lo)
    }

    /// The `i`-th vertex (`0…3`) in skewed integer coordinates.
    @inlinable
    public func vertex(_ i: Int) -> SIMD3<Int32> {
        switch i {
        case 0: return cell
        case 1: return cell &+ offset1
        case 2: return cell &+ offset2
        default: return cell &+ SIMD3(repeating: 1)
        }
    }
}

extension SimplexLattice {
    /// The six tetrahedra of a unit cell, as corner numbers `x + 2y + 4z` of the cube, each
    /// positively oriented (`det[v1−v0, v2−v0, v3−v0] > 0` in skewed and in world space, since the
    /// unskew has positive determinant). All share the main diagonal `0–7`.
    public static let cellTetrahedra: [SIMD4<Int32>] = [
        SIMD4(0, 1, 3, 7),  // x, y, z
        SIMD4(0, 2, 6, 7),  // y, z, x
        SIMD4(0, 4, 5, 7),  // z, x, y
        SIMD4(0, 5, 1, 7),  // x, z, y (odd permutation: v1 and v2 swapped)
        SIMD4(0, 3, 2, 7),  // y, x, z (odd)
        SIMD4(0, 6, 4, 7),  // z, y, x (odd)
    ]

    /// Integer offset of cube corner `c` (`x + 2y + 4z`).
    @inlinable
    public static func cornerOffset(_ c: Int32) -> SIMD3<Int32> {
        SIMD3(c & 1, (c >> 1) & 1, (c >> 2) & 1)
    }

    /// The seven positive edge directions of the lattice (each vertex has 14 neighbours).
    public static let edgeDirections: [SIMD3<Int32>] = [
        SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1),
        SIMD3(1, 1, 0), SIMD3(1, 0, 1), SIMD3(0, 1, 1), SIMD3(1, 1, 1),
    ]

    /// n-dimensional point location (any `n ≥ 1`): skew with `F = (√(n+1) − 1)/n`, sort the
    /// fractional parts in descending order and return the `n + 1` vertices and weights.
    public static func locate(point: [Double]) -> (vertices: [[Int]], weights: [Double]) {
        let n = point.count
        precondition(n >= 1)
        let f = ((Double(n + 1)).squareRoot() - 1) / Double(n)
        let s = point.reduce(0, +) * f
        let skewed = point.map { $0 + s }
        let base = skewed.map { $0.rounded(.down) }
        let frac = zip(skewed, base).map { $0 - $1 }
        let order = (0..<n).sorted { frac[$0] > frac[$1] || (frac[$0] == frac[$1] && $0 < $1) }
        var vertex = base.map { Int($0) }
        var vertices = [vertex]
        var weights = [1 - frac[order[0]]]
        for k in 0..<n {
            vertex[order[k]] += 1
            vertices.append(vertex)
            weights.append(k + 1 < n ? frac[order[k]] - frac[order[k + 1]] : frac[order[k]])
        }
        return (vertices, weights)
    }
}
