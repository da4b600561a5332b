import SDFGeometry

// Transforms (exact: they move the shape rigidly or scale it uniformly) and domain operations
// (they bend space; the accuracy they leave is tracked in `Shape.accuracy`).

extension ShapeConvertible {
    /// The shape moved by `offset`.
    public func translated(by offset: SIMD3<Float>) -> Shape {
        Shape(.translation(node, offset: offset))
    }

    /// The shape rotated about the origin.
    public func rotated(by rotation: Rotation) -> Shape {
        Shape(.rotation(node, rotation))
    }

    /// The shape rotated by `angle` radians around `axis` (right-handed).
    public func rotated(around axis: SIMD3<Float>, angle: Float) -> Shape {
        rotated(by: Rotation(axis: axis, angle: angle))
    }

    /// The shape rotated so that its +z axis points along `direction` (e.g. a cylinder along x:
    /// `Cylinder(…).oriented(along: [1, 0, 0])`).
    public func oriented(along direction: SIMD3<Float>) -> Shape {
        rotated(by: Rotation(aligningZTo: direction))
    }

    /// The shape scaled by `factor` > 0 about the origin (exact).
    public func scaled(by factor: Float) -> Shape {
        precondition(factor > 0 && factor.isFinite, "scaled: factor must be positive")
        return Shape(.uniformScale(node, factor: factor))
    }

    /// The shape scaled per axis about the origin (values become a 1-Lipschitz bound).
    public func scaled(by factors: SIMD3<Float>) -> Shape {
        precondition(all(factors .> 0) && factors.sum().isFinite, "scaled: factors must be positive")
        return Shape(.scale(node, factors: factors))
    }

    /// Copies every `period` along each axis whose period is non-zero. With `limit`, only cells
    /// with index `|i| ≤ limit` on that axis (2·limit + 1 copies); without, infinitely many (the
    /// shape is then unbounded: clip or intersect it). The child should fit in its cell; each
    /// point evaluates the child in the 2^axes nearest copies, so overlaps are not missed.
    public func repeated(every period: SIMD3<Float>, limit: SIMD3<Float>? = nil) -> Shape {
        precondition(all(period .>= 0) && period.sum() > 0 && period.sum().isFinite, "repeated: bad period")
        precondition(limit.map { all($0 .>= 0) } ?? true, "repeated: limits must be non-negative")
        return Shape(.repetition(node, period: period, limit: limit.map { $0.rounded(.down) }))
    }

    /// The half of the shape on the positive side of each axis in `axes`, mirrored onto the
    /// negative side.
    public func mirrored(_ axes: AxisSet) -> Shape {
        Shape(.mirror(node, axes: axes))
    }

    /// The shape twisted around z by `rate` radians per unit of z (a bound with a larger
    /// Lipschitz constant; see `Shape.warnings`).
    public func twisted(rate: Float) -> Shape {
        Shape(.twist(node, rate: rate))
    }

    /// The shape bent in the xy plane by `rate` radians per unit of x (a bound with a larger
    /// Lipschitz constant).
    public func bent(rate: Float) -> Shape {
        Shape(.bend(node, rate: rate))
    }

    /// The shape stretched along each axis by `2·halfLengths`: its centre planes are pulled apart
    /// and the gap filled with the shape's cross-section.
    public func elongated(by halfLengths: SIMD3<Float>) -> Shape {
        precondition(all(halfLengths .>= 0), "elongated: lengths must be non-negative")
        return Shape(.elongation(node, halfLengths: halfLengths))
    }
}
