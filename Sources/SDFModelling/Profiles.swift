import SDFGeometry

/// A 2D profile in the (x, y) plane: extrude it along z or revolve it around z to get a solid.
public protocol ProfileConvertible: Sendable {
    /// The 2D tree.
    var profileNode: ProfileNode { get }
}

extension ProfileConvertible {
    /// The profile extruded along z over total `height`, centred on z = 0 (exact for exact
    /// profiles).
    public func extruded(height: Float) -> Shape {
        precondition(height > 0, "extruded: height must be positive")
        return Shape(.extrusion(profileNode, halfHeight: height / 2))
    }

    /// The profile revolved around the z axis: profile x becomes the distance from the axis minus
    /// `offset`, profile y becomes z.
    public func revolved(offset: Float = 0) -> Shape {
        Shape(.revolution(profileNode, offset: offset))
    }

    /// The profile moved by `offset`.
    public func translated(by offset: SIMD2<Float>) -> Profile { Profile(.translation(profileNode, offset: offset)) }
}

/// A general 2D profile tree.
public struct Profile: ProfileConvertible {
    public let profileNode: ProfileNode
    public init(_ node: ProfileNode) { profileNode = node }
}

/// A circle of `radius` (exact).
public struct Circle: ProfileConvertible {
    public var radius: Float
    public init(radius: Float) {
        precondition(radius > 0, "Circle: radius must be positive")
        self.radius = radius
    }
    public var profileNode: ProfileNode { .circle(radius: radius) }
}

/// An axis-aligned rectangle with full side lengths `size` (exact).
public struct Rectangle: ProfileConvertible {
    public var size: SIMD2<Float>
    public init(size: SIMD2<Float>) {
        precondition(all(size .> 0), "Rectangle: sizes must be positive")
        self.size = size
    }
    public var profileNode: ProfileNode { .rectangle(halfSize: size / 2) }
}

/// A rectangle of full sizes `size` with corners rounded by `radius` ≤ half the smaller side.
public struct RoundedRectangle: ProfileConvertible {
    public var size: SIMD2<Float>
    public var radius: Float
    public init(size: SIMD2<Float>, radius: Float) {
        precondition(all(size .> 0) && radius >= 0 && radius <= size.min() / 2, "RoundedRectangle: bad dimensions")
        self.size = size
        self.radius = radius
    }
    public var profileNode: ProfileNode { .roundedRectangle(halfSize: size / 2, radius: radius) }
}

/// A closed polygon (either orientation; inside where the winding number is non-zero), exact.
public struct Polygon: ProfileConvertible {
    public var vertices: [SIMD2<Float>]
    public init(vertices: [SIMD2<Float>]) {
        precondition(vertices.count >= 3, "Polygon: needs at least 3 vertices")
        self.vertices = vertices
    }
    public var profileNode: ProfileNode { .polygon(vertices) }
}

/// The union of two profiles.
public func | (a: some ProfileConvertible, b: some ProfileConvertible) -> Profile {
    Profile(.union(profileChildren(a.profileNode, ofUnion: true) + profileChildren(b.profileNode, ofUnion: true)))
}

/// The intersection of two profiles.
public func & (a: some ProfileConvertible, b: some ProfileConvertible) -> Profile {
    Profile(.intersection(profileChildren(a.profileNode, ofUnion: false) + profileChildren(b.profileNode, ofUnion: false)))
}

/// Profile `a` minus profile `b`.
public func - (a: some ProfileConvertible, b: some ProfileConvertible) -> Profile {
    Profile(.difference(a.profileNode, b.profileNode))
}

private func profileChildren(_ node: ProfileNode, ofUnion: Bool) -> [ProfileNode] {
    switch node {
    case .union(let children) where ofUnion: return children
    case .intersection(let children) where !ofUnion: return children
    default: return [node]
    }
}
