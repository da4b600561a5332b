import SDFGeometry

// The 3D primitives. Each is centred at the origin unless a `center` is given; axial shapes run
// along z. Dimensions must be positive (checked with `precondition`; scene files report bad
// values as errors instead).

/// A sphere (exact).
public struct Sphere: ShapeConvertible {
    public var radius: Float
    public var center: SIMD3<Float>
    public init(radius: Float, center: SIMD3<Float> = .zero) {
        precondition(radius > 0 && radius.isFinite, "Sphere: radius must be positive")
        self.radius = radius
        self.center = center
    }
    public var node: ShapeNode { placed(.sphere(radius: radius), at: center) }
}

/// An axis-aligned box with full side lengths `size` (exact).
public struct Box: ShapeConvertible {
    public var size: SIMD3<Float>
    public var center: SIMD3<Float>
    public init(size: SIMD3<Float>, center: SIMD3<Float> = .zero) {
        precondition(all(size .> 0) && size.sum().isFinite, "Box: sizes must be positive")
        self.size = size
        self.center = center
    }
    /// A cube of side `side`.
    public init(side: Float, center: SIMD3<Float> = .zero) { self.init(size: SIMD3(repeating: side), center: center) }
    public var node: ShapeNode { placed(.box(halfSize: size / 2), at: center) }
    /// The same box with edges rounded by `radius` (outer size unchanged, exact).
    public func rounded(_ radius: Float) -> RoundedBox { RoundedBox(size: size, radius: radius, center: center) }
}

/// A box with full sizes `size` and edges rounded by `radius` ≤ half the smallest side (exact).
public struct RoundedBox: ShapeConvertible {
    public var size: SIMD3<Float>
    public var radius: Float
    public var center: SIMD3<Float>
    public init(size: SIMD3<Float>, radius: Float, center: SIMD3<Float> = .zero) {
        precondition(all(size .> 0) && radius >= 0 && radius <= size.min() / 2, "RoundedBox: bad size or radius")
        self.size = size
        self.radius = radius
        self.center = center
    }
    public var node: ShapeNode { placed(.roundedBox(halfSize: size / 2, radius: radius), at: center) }
}

/// A torus around the z axis (exact).
public struct Torus: ShapeConvertible {
    public var majorRadius: Float
    public var minorRadius: Float
    public init(majorRadius: Float, minorRadius: Float) {
        precondition(majorRadius > 0 && minorRadius > 0, "Torus: radii must be positive")
        self.majorRadius = majorRadius
        self.minorRadius = minorRadius
    }
    public var node: ShapeNode { .torus(majorRadius: majorRadius, minorRadius: minorRadius) }
}

/// All points within `radius` of the segment from `from` to `to` (exact).
public struct Capsule: ShapeConvertible {
    public var from: SIMD3<Float>
    public var to: SIMD3<Float>
    public var radius: Float
    public init(from: SIMD3<Float>, to: SIMD3<Float>, radius: Float) {
        precondition(radius > 0, "Capsule: radius must be positive")
        self.from = from
        self.to = to
        self.radius = radius
    }
    public var node: ShapeNode { .capsule(a: from, b: to, radius: radius) }
}

/// A capped cylinder along z of total `height` (exact).
public struct Cylinder: ShapeConvertible {
    public var radius: Float
    public var height: Float
    public var center: SIMD3<Float>
    public init(radius: Float, height: Float, center: SIMD3<Float> = .zero) {
        precondition(radius > 0 && height > 0, "Cylinder: radius and height must be positive")
        self.radius = radius
        self.height = height
        self.center = center
    }
    public var node: ShapeNode { placed(.cylinder(radius: radius, halfHeight: height / 2), at: center) }
    /// The same cylinder with rims rounded by `rounding` (outer dimensions unchanged, exact).
    public func rounded(_ rounding: Float) -> RoundedCylinder {
        RoundedCylinder(radius: radius, height: height, rounding: rounding, center: center)
    }
}

/// A capped cylinder along z with rims rounded by `rounding` ≤ min(radius, height/2) (exact).
public struct RoundedCylinder: ShapeConvertible {
    public var radius: Float
    public var height: Float
    public var rounding: Float
    public var center: SIMD3<Float>
    public init(radius: Float, height: Float, rounding: Float, center: SIMD3<Float> = .zero) {
        precondition(radius > 0 && height > 0 && rounding >= 0 && rounding <= min(radius, height / 2),
                     "RoundedCylinder: bad dimensions")
        self.radius = radius
        self.height = height
        self.rounding = rounding
        self.center = center
    }
    public var node: ShapeNode {
        placed(.roundedCylinder(radius: radius, halfHeight: height / 2, rounding: rounding), at: center)
    }
}

/// A capped cone (frustum) along z of total `height`, `bottomRadius` at the bottom and
/// `topRadius` at the top; one radius may be zero (exact).
public struct Cone: ShapeConvertible {
    public var height: Float
    public var bottomRadius: Float
    public var topRadius: Float
    public init(height: Float, bottomRadius: Float, topRadius: Float = 0) {
        precondition(height > 0 && bottomRadius >= 0 && topRadius >= 0 && bottomRadius + topRadius > 0,
                     "Cone: bad dimensions")
        self.height = height
        self.bottomRadius = bottomRadius
        self.topRadius = topRadius
    }
    public var node: ShapeNode { .cone(halfHeight: height / 2, bottomRadius: bottomRadius, topRadius: topRadius) }
}

/// The half-space `dot(normal, p) ≤ offset` (exact, unbounded: use it inside an intersection or
/// a difference).
public struct Plane: ShapeConvertible {
    public var normal: SIMD3<Float>
    public var offset: Float
    public init(normal: SIMD3<Float>, offset: Float = 0) {
        precondition(length(normal) > 0, "Plane: normal must not be zero")
        self.normal = normalizedOrZero(normal)
        self.offset = offset
    }
    public var node: ShapeNode { .plane(normal: normal, offset: offset) }
}

/// An axis-aligned ellipsoid with semi-axes `radii` (a 1-Lipschitz bound, not exact).
public struct Ellipsoid: ShapeConvertible {
    public var radii: SIMD3<Float>
    public init(radii: SIMD3<Float>) {
        precondition(all(radii .> 0), "Ellipsoid: radii must be positive")
        self.radii = radii
    }
    public var node: ShapeNode { .ellipsoid(radii: radii) }
}

/// The regular octahedron `|x| + |y| + |z| ≤ size` (exact).
public struct Octahedron: ShapeConvertible {
    public var size: Float
    public init(size: Float) {
        precondition(size > 0, "Octahedron: size must be positive")
        self.size = size
    }
    public var node: ShapeNode { .octahedron(size: size) }
}

/// A square pyramid with base side `base` on z = 0 and its apex at height `height` (exact).
public struct Pyramid: ShapeConvertible {
    public var base: Float
    public var height: Float
    public init(base: Float, height: Float) {
        precondition(base > 0 && height > 0, "Pyramid: dimensions must be positive")
        self.base = base
        self.height = height
    }
    public var node: ShapeNode { .pyramid(base: base, height: height) }
}

/// The regular tetrahedron with vertices `size · (±1, ±1, ±1)` with an even number of minus
/// signs (a bound: exact inside, below the true distance outside).
public struct Tetrahedron: ShapeConvertible {
    public var size: Float
    public init(size: Float) {
        precondition(size > 0, "Tetrahedron: size must be positive")
        self.size = size
    }
    public var node: ShapeNode { .tetrahedron(size: size) }
}

/// `node` moved to `center` (no node when the center is the origin).
func placed(_ node: ShapeNode, at center: SIMD3<Float>) -> ShapeNode {
    center == .zero ? node : .translation(node, offset: center)
}
