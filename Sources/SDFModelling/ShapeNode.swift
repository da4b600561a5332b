import SDFGeometry

/// One node of a shape tree: a primitive, a combination of shapes, a transform or a domain
/// operation. The tree is a plain value; `Shape` compiles it once into a flat `ShapeProgram`.
///
/// Conventions: every primitive is centred at the origin; axial primitives (cylinder, cone,
/// torus, extrusions, revolutions) use the z axis. Lengths are in model units, angles in radians.
public indirect enum ShapeNode: Sendable, Equatable {
    /// A sphere of `radius`.
    case sphere(radius: Float)
    /// An axis-aligned box with half side lengths `halfSize`.
    case box(halfSize: SIMD3<Float>)
    /// A box with half sizes `halfSize` whose edges are rounded with `radius` (≤ every half size).
    case roundedBox(halfSize: SIMD3<Float>, radius: Float)
    /// A torus around the z axis.
    case torus(majorRadius: Float, minorRadius: Float)
    /// The set of points within `radius` of the segment `a`–`b`.
    case capsule(a: SIMD3<Float>, b: SIMD3<Float>, radius: Float)
    /// A capped cylinder along z, `|z| ≤ halfHeight`.
    case cylinder(radius: Float, halfHeight: Float)
    /// A capped cylinder along z with rims rounded by `rounding` (outer dimensions given).
    case roundedCylinder(radius: Float, halfHeight: Float, rounding: Float)
    /// A capped cone (frustum) along z: `bottomRadius` at z = −halfHeight, `topRadius` at +halfHeight.
    case cone(halfHeight: Float, bottomRadius: Float, topRadius: Float)
    /// The half-space `dot(normal, p) ≤ offset` (`normal` has unit length). Unbounded.
    case plane(normal: SIMD3<Float>, offset: Float)
    /// An axis-aligned ellipsoid with semi-axes `radii` (a Lipschitz bound, not exact).
    case ellipsoid(radii: SIMD3<Float>)
    /// The regular octahedron `|x| + |y| + |z| ≤ size`.
    case octahedron(size: Float)
    /// A square pyramid: base side `base` at z = 0, apex at (0, 0, `height`).
    case pyramid(base: Float, height: Float)
    /// The regular tetrahedron with vertices `size · (±1, ±1, ±1)` (even count of minus signs);
    /// a bound (exact inside).
    case tetrahedron(size: Float)
    /// A 2D profile in the xy plane extruded along z over `|z| ≤ halfHeight`.
    case extrusion(ProfileNode, halfHeight: Float)
    /// A 2D profile `(u, v)` revolved around the z axis, with `u = √(x² + y²) − offset`, `v = z`.
    case revolution(ProfileNode, offset: Float)
    /// Any other distance field (a mesh, a trained network), evaluated in batches.
    case field(FieldReference)

    /// The union of `children` (at least one), sharp or blended.
    case union([ShapeNode], blend: Blend)
    /// The intersection of `children` (at least one), sharp or blended.
    case intersection([ShapeNode], blend: Blend)
    /// `base` minus `cut`, sharp or blended.
    case difference(ShapeNode, ShapeNode, blend: Blend)

    /// The child moved by `offset`.
    case translation(ShapeNode, offset: SIMD3<Float>)
    /// The child rotated by `rotation` about the origin.
    case rotation(ShapeNode, Rotation)
    /// The child scaled by `factor` (> 0) about the origin; exact (values are scaled back).
    case uniformScale(ShapeNode, factor: Float)
    /// The child scaled per axis about the origin; values are multiplied by the smallest factor,
    /// which keeps the field a 1-Lipschitz bound (no longer exact).
    case scale(ShapeNode, factors: SIMD3<Float>)

    /// Copies of the child every `period` along each axis with a non-zero period; with `limit`,
    /// only the copies with cell index `|i| ≤ limit` on that axis (without: infinitely many).
    case repetition(ShapeNode, period: SIMD3<Float>, limit: SIMD3<Float>?)
    /// The child's half on the positive side of each axis in `axes` mirrored onto the negative side.
    case mirror(ShapeNode, axes: AxisSet)
    /// The child twisted around z by `rate` radians per unit of z (breaks the distance bound).
    case twist(ShapeNode, rate: Float)
    /// The child bent in the xy plane by `rate` radians per unit of x (breaks the distance bound).
    case bend(ShapeNode, rate: Float)
    /// The child stretched by inserting `halfLengths` of straight extension at its centre planes.
    case elongation(ShapeNode, halfLengths: SIMD3<Float>)
    /// A hollow shell of `thickness` around the child's surface (the "onion" operation).
    case shell(ShapeNode, thickness: Float)
    /// The child grown by `distance` (> 0, dilates and rounds) or shrunk (< 0, erodes).
    case offset(ShapeNode, distance: Float)
}

/// How a combination meets: sharp (min/max), a smooth polynomial fillet of radius `k`, or a 45°
/// chamfer of size `k`.
public enum Blend: Sendable, Equatable {
    case sharp
    case smooth(Float)
    case chamfer(Float)
}

/// A set of coordinate axes.
public struct AxisSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let x = AxisSet(rawValue: 1)
    public static let y = AxisSet(rawValue: 2)
    public static let z = AxisSet(rawValue: 4)
    /// All three axes.
    public static let all: AxisSet = [.x, .y, .z]

    /// Whether axis `index` (0, 1, 2) is in the set.
    @inlinable public func contains(axis index: Int) -> Bool { rawValue & (1 << index) != 0 }
}

/// A 2D profile in the plane (x, y), used by extrusions and revolutions.
public indirect enum ProfileNode: Sendable, Equatable {
    /// A circle of `radius` around the origin.
    case circle(radius: Float)
    /// An axis-aligned rectangle with half sides `halfSize`.
    case rectangle(halfSize: SIMD2<Float>)
    /// A rectangle with corners rounded by `radius` (≤ both half sides).
    case roundedRectangle(halfSize: SIMD2<Float>, radius: Float)
    /// A closed polygon (at least 3 vertices, either orientation, may self-intersect: inside is
    /// where the winding number is non-zero). Exact distance.
    case polygon([SIMD2<Float>])
    /// The union of `children`.
    case union([ProfileNode])
    /// The intersection of `children`.
    case intersection([ProfileNode])
    /// `base` minus `cut`.
    case difference(ProfileNode, ProfileNode)
    /// The child moved by `offset`.
    case translation(ProfileNode, offset: SIMD2<Float>)
}

/// A wrapped distance field inside a shape tree, with the file it came from (for scene files).
public final class FieldReference: Sendable, Equatable {
    /// The wrapped field.
    public let field: any DistanceField
    /// Where the field was loaded from (scene files write this back); nil for fields built in code.
    public let source: FieldSource?

    /// Wraps `field`; `source` lets scene files encode it as a path.
    public init(_ field: any DistanceField, source: FieldSource? = nil) {
        self.field = field
        self.source = source
    }

    /// Same object, or loaded from the same source.
    public static func == (a: FieldReference, b: FieldReference) -> Bool {
        a === b || (a.source != nil && a.source == b.source)
    }
}

/// Where a wrapped field comes from in a scene file.
public struct FieldSource: Sendable, Equatable {
    /// A mesh (any format the mesh importer reads) or a trained network (`.sdfnet`).
    public enum Kind: String, Sendable { case mesh, network }
    /// What the file holds.
    public var kind: Kind
    /// The path as written in the scene file (relative to the scene file's directory).
    public var path: String

    /// A source of `kind` at `path`.
    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }
}
