/// Surface metrics between two meshes, in the Occupancy Networks conventions.
///
/// Distances are exact point-to-surface distances (BVH closest point on the other mesh), not
/// point-to-point nearest neighbours between the two sample sets; normal pairs are the sample's
/// face normal and the normal of the other mesh's closest triangle.
public struct SurfaceMetrics: Sendable, Codable, Equatable {
    /// Samples drawn on each mesh (area-weighted).
    public var samples: Int
    /// Diagonal of the reference's bounding box: the normalisation length.
    public var referenceDiagonal: Float
    /// Mean distance from candidate samples to the reference surface.
    public var accuracy: Float
    /// Mean distance from reference samples to the candidate surface.
    public var completeness: Float
    /// ½(accuracy + completeness), world units.
    public var chamferL1: Float
    /// ½(mean squared accuracy + mean squared completeness), squared world units.
    public var chamferL2: Float
    /// `chamferL1` divided by the reference diagonal.
    public var normalizedChamferL1: Float
    /// `chamferL2` divided by the squared reference diagonal.
    public var normalizedChamferL2: Float
    /// Largest sample distance either way (sampled Hausdorff distance), world units.
    public var hausdorff: Float
    /// `hausdorff` divided by the reference diagonal.
    public var normalizedHausdorff: Float
    /// F-score threshold, world units.
    public var tau: Float
    /// Share of candidate samples within `tau` of the reference.
    public var precision: Float
    /// Share of reference samples within `tau` of the candidate.
    public var recall: Float
    /// 2PR / (P + R) (0 when both are 0).
    public var fScore: Float
    /// ½(mean |n·n'| both ways): 1 for matching orientations, flips tolerated.
    public var normalConsistency: Float
}

/// Volume metrics between two fields, on uniform samples in the reference's padded box.
public struct VolumeMetrics: Sendable, Codable, Equatable {
    /// Uniform (quasi-random) samples evaluated in both fields.
    public var uniformSamples: Int
    /// |inside both| / |inside either| (inside: value < 0).
    public var iou: Float
    /// Share of samples on which both fields agree about the sign.
    public var signAgreement: Float
    /// Band half-width around the reference surface (|reference value| < band), world units.
    public var band: Float
    /// Samples inside the band.
    public var nearSurfaceSamples: Int
    /// Mean |candidate − reference| over the band samples (nan if there are none).
    public var nearSurfaceMeanAbsoluteDifference: Float
    /// The same, divided by the reference diagonal.
    public var normalizedNearSurfaceMeanAbsoluteDifference: Float
}

/// Settings of `MeshEvaluation`.
public struct EvaluationSettings: Sendable, Equatable {
    /// Surface samples per mesh (OccNet uses 100 000).
    public var surfaceSamples: Int = 100_000
    /// F-score threshold in world units; nil: `tauFraction` of the reference diagonal.
    public var tau: Float? = nil
    /// F-score threshold as a share of the reference diagonal when `tau` is nil.
    public var tauFraction: Float = 0.01
    /// Uniform samples for the volume metrics.
    public var volumeSamples: Int = 1_000_000
    /// Near-surface band as a share of the reference diagonal.
    public var bandFraction: Float = 0.01
    /// Seed of the surface samples.
    public var seed: UInt64 = 1

    /// The defaults.
    public init() {}
}
