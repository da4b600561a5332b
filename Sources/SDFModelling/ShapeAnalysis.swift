import SDFGeometry

/// What a shape tree promises: a box around its solid, the accuracy of its values, and warnings
/// for operators that weaken the distance bound.
struct ShapeAnalysis {
    /// The box containing `{p : f(p) ≤ 0}` (infinite components where the shape is unbounded).
    var bounds: AABB
    var accuracy: FieldAccuracy
    var warnings: [String] = []

    init(_ node: ShapeNode) {
        var warnings: [String] = []
        accuracy = Self.accuracy(of: node, warnings: &warnings)
        bounds = Self.bounds(of: node, level: 0)
        if bounds.isEmpty {
            warnings.append("the shape is empty (its solid has no points)")
        } else if !(bounds.min.x.isFinite && bounds.min.y.isFinite && bounds.min.z.isFinite
                    && bounds.max.x.isFinite && bounds.max.y.isFinite && bounds.max.z.isFinite) {
            warnings.append("the shape is unbounded (a plane or an unlimited repetition): intersect it with a bounded shape or use clipped(to:)")
        }
        self.warnings = warnings
    }

    static let everywhere = AABB(min: SIMD3(repeating: -.infinity), max: SIMD3(repeating: .infinity))

    // MARK: - Bounds

    /// A box containing the sublevel set `{p : f(p) ≤ level}` of `node`.
    static func bounds(of node: ShapeNode, level l: Float) -> AABB {
        func symmetric(_ h: SIMD3<Float>) -> AABB {
            let e = pointwiseMax(h, .zero)
            return any(h .< 0) ? .empty : AABB(min: -e, max: e)
        }
        switch node {
        case .sphere(let r): return symmetric(SIMD3(repeating: r + l))
        case .box(let h), .roundedBox(let h, _): return symmetric(h + l)
        case .torus(let major, let minor): return symmetric(SIMD3(major + minor + l, major + minor + l, minor + l))
        case .capsule(let a, let b, let r):
            let pad = SIMD3<Float>(repeating: r + l)
            return r + l < 0 ? .empty : AABB(min: pointwiseMin(a, b) - pad, max: pointwiseMax(a, b) + pad)
        case .cylinder(let r, let h), .roundedCylinder(let r, let h, _): return symmetric(SIMD3(r + l, r + l, h + l))
        case .cone(let h, let r1, let r2): return symmetric(SIMD3(max(r1, r2) + l, max(r1, r2) + l, h + l))
        case .plane(let n, let d):
            var box = everywhere
            for axis in 0..<3 where abs(abs(n[axis]) - 1) < 1e-6 {
                if n[axis] > 0 { box.max[axis] = d + l } else { box.min[axis] = -(d + l) }
            }
            return box
        case .ellipsoid(let r):
            return symmetric(r * (1 + l / r.min()))
        case .octahedron(let s): return symmetric(SIMD3(repeating: s + l * 1.732_050_8))
        case .pyramid(let base, let height):
            let box = AABB(min: SIMD3(-base / 2, -base / 2, 0), max: SIMD3(base / 2, base / 2, height))
            return l == 0 ? box : box.padded(by: l)
        case .tetrahedron(let s): return symmetric(SIMD3(repeating: s + l * 1.732_050_8))
        case .extrusion(let profile, let h):
            let b = bounds(of: profile, level: l)
            return b.isEmpty || h + l < 0 ? .empty
                : AABB(min: SIMD3(b.min.x, b.min.y, -(h + l)), max: SIMD3(b.max.x, b.max.y, h + l))
        case .revolution(let profile, let offset):
            let b = bounds(of: profile, level: l)
            guard !b.isEmpty, b.max.x + offset >= 0 else { return .empty }
            let r = max(abs(b.min.x + offset), abs(b.max.x + offset))
            return AABB(min: SIMD3(-r, -r, b.min.y), max: SIMD3(r, r, b.max.y))
        case .field(let reference):
            let b = reference.field.bounds
            return l == 0 || b.isEmpty ? b : b.padded(by: l)

        case .union(let children, let blend):
            let level = l + blendGrowth(blend, level: l)
            return children.reduce(AABB.empty) { $0.union(bounds(of: $1, level: level)) }
        case .intersection(let children, _):
            return children.dropFirst().reduce(bounds(of: children[0], level: l)) { $0.intersection(bounds(of: $1, level: l)) }
        case .difference(let base, _, _): return bounds(of: base, level: l)

        case .translation(let child, let offset):
            let b = bounds(of: child, level: l)
            return b.isEmpty ? b : AABB(min: b.min + offset, max: b.max + offset)
        case .rotation(let child, let rotation):
            return mapped(bounds(of: child, level: l)) { rotation.apply($0) }
        case .uniformScale(let child, let s):
            let b = bounds(of: child, level: l / s)
            return b.isEmpty ? b : AABB(min: b.min * s, max: b.max * s)
        case .scale(let child, let s):
            let b = bounds(of: child, level: l / s.min())
            return b.isEmpty ? b : AABB(min: b.min * s, max: b.max * s)

        case .repetition(let child, let period, let limit):
            var b = bounds(of: child, level: l)
            guard !b.isEmpty else { return b }
            for axis in 0..<3 where period[axis] > 0 {
                let reach = (limit?[axis] ?? .infinity) * period[axis]
                b.min[axis] -= reach
                b.max[axis] += reach
            }
            return b
        case .mirror(let child, let axes):
            var b = bounds(of: child, level: l)
            guard !b.isEmpty else { return b }
            for axis in 0..<3 where axes.contains(axis: axis) {
                if b.max[axis] < 0 { return .empty }
                b.min[axis] = -b.max[axis]
            }
            return b
        case .twist(let child, _), .bend(let child, _):
            let b = bounds(of: child, level: l)
            guard !b.isEmpty else { return b }
            let r = radiusAroundZ(b)
            return AABB(min: SIMD3(-r, -r, b.min.z), max: SIMD3(r, r, b.max.z))
        case .elongation(let child, let h):
            let b = bounds(of: child, level: l)
            return b.isEmpty ? b : AABB(min: b.min - h, max: b.max + h)
        case .shell(let child, let thickness): return bounds(of: child, level: l + thickness / 2)
        case .offset(let child, let distance): return bounds(of: child, level: l + distance)
        }
    }

    /// How far a blended union's sublevel set reaches beyond its children's (at `level`).
    static func blendGrowth(_ blend: Blend, level l: Float) -> Float {
        switch blend {
        case .sharp: return 0
        case .smooth(let k): return k / 4
        // min(a, b, (a + b − k)/√2) ≤ l with b > l forces a < k + (√2 − 1)·l.
        case .chamfer(let k): return max(0, k + 0.414_213_56 * l - l)
        }
    }

    /// The bounding box of a profile's sublevel set `{f ≤ level}` (z components unused).
    static func bounds(of node: ProfileNode, level l: Float) -> AABB {
        func rectangle(_ h: SIMD2<Float>) -> AABB {
            any(h .< 0) ? .empty : AABB(min: SIMD3(-h, 0), max: SIMD3(h, 0))
        }
        switch node {
        case .circle(let r): return rectangle(SIMD2(repeating: r + l))
        case .rectangle(let h), .roundedRectangle(let h, _): return rectangle(h + l)
        case .polygon(let vertices):
            let box = AABB(containing: vertices.map { SIMD3($0, 0) })
            return box.padded(by: l)
        case .union(let children): return children.reduce(AABB.empty) { $0.union(bounds(of: $1, level: l)) }
        case .intersection(let children):
            return children.dropFirst().reduce(bounds(of: children[0], level: l)) { $0.intersection(bounds(of: $1, level: l)) }
        case .difference(let base, _): return bounds(of: base, level: l)
        case .translation(let child, let offset):
            let b = bounds(of: child, level: l)
            return b.isEmpty ? b : AABB(min: b.min + SIMD3(offset, 0), max: b.max + SIMD3(offset, 0))
        }
    }

    /// The box around the images of the 8 corners of `box`.
    static func mapped(_ box: AABB, _ transform: (SIMD3<Float>) -> SIMD3<Float>) -> AABB {
        guard !box.isEmpty else { return box }
        guard all(box.min .> -.infinity) && all(box.max .< .infinity) else { return everywhere }
        var result = AABB.empty
        for corner in 0..<8 {
            let p = SIMD3(corner & 1 == 0 ? box.min.x : box.max.x, corner & 2 == 0 ? box.min.y : box.max.y,
                          corner & 4 == 0 ? box.min.z : box.max.z)
            result.formUnion(transform(p))
        }
        return result
    }

    /// The largest distance from the z axis of a point of `box`.
    static func radiusAroundZ(_ box: AABB) -> Float {
        let x = max(abs(box.min.x), abs(box.max.x)), y = max(abs(box.min.y), abs(box.max.y))
        return (x * x + y * y).squareRoot()
    }
}
