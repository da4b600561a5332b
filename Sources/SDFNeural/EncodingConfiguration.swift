import SDFGeometry

/// Which lattice a hash encoding interpolates on.
public enum EncodingLattice: String, Sendable, Codable, CaseIterable {
    /// Wen & Yang's simplex lattice: skew, sort, four corners with barycentric weights.
    case simplex
    /// instant-ngp's cubic grid: eight corners with trilinear weights.
    case grid
}

/// How hash-table features are stored for evaluation (training always keeps a Float32 master copy).
public enum TablePrecision: String, Sendable, Codable, CaseIterable {
    /// Half precision storage, Float accumulation: half the memory, faster gathers.
    case float16
    /// Single precision storage.
    case float32

    /// Bytes per stored feature.
    public var byteCount: Int { self == .float16 ? 2 : 4 }
}

/// The shape of a multiresolution hash encoding.
///
/// Resolutions are *grid-equivalent*: level `l` has `N_l = N_min·b^l` cells per unit of the unit
/// box with `b = (N_max/N_min)^(1/(L−1))`. The grid uses scale `N_l`; the simplex lattice uses
/// `N_l/∛2`, because its skew doubles the vertex count per volume, so both encodings place the
/// same number of lattice vertices in the unit box at every level (equal vertex density).
public struct HashEncodingConfiguration: Sendable, Codable, Equatable {
    /// The interpolation lattice.
    public var lattice: EncodingLattice = .simplex
    /// Number of resolution levels `L`.
    public var levels: Int = 16
    /// Features per level `F`.
    public var featuresPerLevel: Int = 2
    /// log2 of the hash table size `T` per level (default 16: a level's Float16 table fits a
    /// core's L2 cache; the whole model is under 4 MiB).
    public var log2TableSize: Int = 16
    /// Coarsest grid-equivalent resolution `N_min`.
    public var minResolution: Float = 16
    /// Finest grid-equivalent resolution `N_max`.
    public var maxResolution: Float = 2048
    /// Storage precision of the tables.
    public var precision: TablePrecision = .float16

    public init() {}

    /// Entries per hashed level.
    public var tableSize: Int { 1 << log2TableSize }

    /// Throws unless every value is in its supported range.
    public func validate() throws {
        guard (1...32).contains(levels) else { throw SDFError("levels must be in 1…32, got \(levels)") }
        guard [1, 2, 4, 8].contains(featuresPerLevel) else {
            throw SDFError("features per level must be 1, 2, 4 or 8, got \(featuresPerLevel)")
        }
        guard (8...24).contains(log2TableSize) else {
            throw SDFError("log2 table size must be in 8…24, got \(log2TableSize)")
        }
        guard levels * featuresPerLevel << log2TableSize <= 1 << 28 else {
            throw SDFError("levels × features × table size must not exceed 2^28 parameters")
        }
        guard minResolution.isFinite, maxResolution.isFinite, minResolution >= 1,
              maxResolution >= minResolution, maxResolution <= 1_048_576 else {
            throw SDFError("resolutions must satisfy 1 ≤ min ≤ max ≤ 2^20, got \(minResolution)…\(maxResolution)")
        }
    }
}
