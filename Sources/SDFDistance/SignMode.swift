/// How `MeshDistanceField` decides inside from outside (negative inside, positive outside).
public enum SignMode: String, Sendable, Codable, CaseIterable {
    /// The pseudonormal sign when the mesh is closed, manifold, consistently and outward
    /// oriented; the winding number otherwise.
    case auto
    /// Inside where the generalized winding number exceeds 0.5 (robust on open meshes, soups,
    /// multiple parts and self-intersections).
    case winding
    /// The angle-weighted pseudonormal at the closest point (Bærentzen & Aanæs 2005): exact and
    /// cheap on closed, consistently oriented manifolds, unreliable elsewhere.
    case pseudonormal
}

/// How trustworthy the inside/outside decision is on a set of points: the share of points whose
/// winding number is ambiguous (neither clearly 0 nor clearly 1).
public struct SignConfidence: Sendable, Codable, Equatable {
    /// Winding numbers in this range count as ambiguous.
    public static let ambiguousRange: ClosedRange<Float> = 0.2...0.8

    /// Points examined (non-finite points are skipped).
    public var samples: Int
    /// Points whose winding number lies in `ambiguousRange`.
    public var ambiguous: Int

    public init(samples: Int, ambiguous: Int) {
        self.samples = samples
        self.ambiguous = ambiguous
    }

    /// `ambiguous / samples` (0 for no samples).
    public var ambiguousFraction: Double { samples > 0 ? Double(ambiguous) / Double(samples) : 0 }

    /// Whether winding number `w` is ambiguous.
    @inlinable
    public static func isAmbiguous(_ w: Float) -> Bool { ambiguousRange.contains(w) }
}
