import SDFGeometry

// Constructive solid geometry that reads like the math: `a | b` union, `a & b` intersection,
// `a - b` difference; blended variants as methods.

/// The union of two shapes (nested unions are flattened).
public func | (a: some ShapeConvertible, b: some ShapeConvertible) -> Shape {
    Shape(.union(flattened(a.node, ofUnion: true) + flattened(b.node, ofUnion: true), blend: .sharp))
}

/// The intersection of two shapes (nested intersections are flattened).
public func & (a: some ShapeConvertible, b: some ShapeConvertible) -> Shape {
    Shape(.intersection(flattened(a.node, ofUnion: false) + flattened(b.node, ofUnion: false), blend: .sharp))
}

/// Shape `a` minus shape `b`.
public func - (a: some ShapeConvertible, b: some ShapeConvertible) -> Shape {
    Shape(.difference(a.node, b.node, blend: .sharp))
}

private func flattened(_ node: ShapeNode, ofUnion: Bool) -> [ShapeNode] {
    switch node {
    case .union(let children, .sharp) where ofUnion: return children
    case .intersection(let children, .sharp) where !ofUnion: return children
    default: return [node]
    }
}

extension ShapeConvertible {
    /// The union with `other`, filleted with a polynomial smooth minimum of radius `k` > 0
    /// (the surface grows by at most k/4 near the seam; values stay a 1-Lipschitz bound).
    public func smoothUnion(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.union([node, other.node], blend: .smooth(checkedBlend(k))))
    }

    /// The intersection with `other`, blended with radius `k` > 0.
    public func smoothIntersection(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.intersection([node, other.node], blend: .smooth(checkedBlend(k))))
    }

    /// This shape minus `other`, blended with radius `k` > 0.
    public func smoothDifference(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.difference(node, other.node, blend: .smooth(checkedBlend(k))))
    }

    /// The union with `other` with a 45° chamfer of size `k` > 0 along the seam (the field's
    /// Lipschitz constant grows to √2; see `Shape.warnings`).
    public func chamferUnion(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.union([node, other.node], blend: .chamfer(checkedBlend(k))))
    }

    /// The intersection with `other` with a chamfer of size `k` > 0.
    public func chamferIntersection(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.intersection([node, other.node], blend: .chamfer(checkedBlend(k))))
    }

    /// This shape minus `other` with a chamfer of size `k` > 0.
    public func chamferDifference(_ other: some ShapeConvertible, k: Float) -> Shape {
        Shape(.difference(node, other.node, blend: .chamfer(checkedBlend(k))))
    }

    /// The solid within `distance` of this one: grows it and rounds its convex edges.
    public func dilated(by distance: Float) -> Shape {
        precondition(distance >= 0 && distance.isFinite, "dilated: distance must be non-negative")
        return Shape(.offset(node, distance: distance))
    }

    /// The solid shrunk by `distance` (points deeper than `distance` inside).
    public func eroded(by distance: Float) -> Shape {
        precondition(distance >= 0 && distance.isFinite, "eroded: distance must be non-negative")
        return Shape(.offset(node, distance: -distance))
    }

    /// A hollow wall of total `thickness` centred on the surface (the "onion" operation).
    public func shelled(thickness: Float) -> Shape {
        precondition(thickness > 0 && thickness.isFinite, "shelled: thickness must be positive")
        return Shape(.shell(node, thickness: thickness))
    }

    /// The part of the shape inside `box` (an intersection with an exact box): makes unbounded
    /// shapes (planes, unlimited repetitions) bounded.
    public func clipped(to box: AABB) -> Shape {
        precondition(!box.isEmpty && all(box.size .> 0) && box.diagonal.isFinite, "clipped: the box must be finite and non-empty")
        return self & Shape(placed(.box(halfSize: box.size / 2), at: box.center))
    }
}

private func checkedBlend(_ k: Float) -> Float {
    precondition(k > 0 && k.isFinite, "blend size k must be positive")
    return k
}
