import SDFGeometry

extension ShapeAnalysis {
    /// The accuracy of `node`'s values. Exact distances survive only primitives, rigid motions
    /// and uniform scales; combinations and domain maps that are 1-Lipschitz keep a bound with
    /// the same constant; chamfers, twists and bends multiply it (and add a warning).
    static func accuracy(of node: ShapeNode, warnings: inout [String]) -> FieldAccuracy {
        switch node {
        case .sphere, .box, .roundedBox, .torus, .capsule, .cylinder, .roundedCylinder, .cone, .plane,
             .octahedron, .pyramid:
            return .exact
        case .ellipsoid, .tetrahedron:
            return .bound(lipschitz: 1)
        case .extrusion(let profile, _):
            return accuracy(of: profile)
        case .revolution(let profile, let offset):
            let b = bounds(of: profile, level: 0)
            return b.min.x + offset >= 0 ? accuracy(of: profile) : weakened(accuracy(of: profile))
        case .field(let reference):
            return reference.field.accuracy

        case .union(let children, let blend), .intersection(let children, let blend):
            let combined = children.map { accuracy(of: $0, warnings: &warnings) }.reduce(FieldAccuracy.exact) { $0.combined(with: $1) }
            return blended(combined, blend, warnings: &warnings)
        case .difference(let base, let cut, let blend):
            let combined = accuracy(of: base, warnings: &warnings).combined(with: accuracy(of: cut, warnings: &warnings))
            return blended(combined, blend, warnings: &warnings)

        case .translation(let child, _), .rotation(let child, _), .uniformScale(let child, _):
            return accuracy(of: child, warnings: &warnings)
        case .scale(let child, _), .mirror(let child, _), .elongation(let child, _), .shell(let child, _),
             .offset(let child, _):
            return weakened(accuracy(of: child, warnings: &warnings))
        case .repetition(let child, let period, _):
            let inner = accuracy(of: child, warnings: &warnings)
            let b = bounds(of: child, level: 0)
            for axis in 0..<3 where period[axis] > 0 && !(b.min[axis] >= -period[axis] / 2 && b.max[axis] <= period[axis] / 2) {
                warnings.append("repeat: the child does not fit in its cell (period \(period[axis]) on axis \(axis)); values may overestimate the distance")
                return .approximate
            }
            return weakened(inner)
        case .twist(let child, let rate), .bend(let child, let rate):
            let inner = accuracy(of: child, warnings: &warnings)
            let b = bounds(of: node, level: 0)
            // The domain map's Jacobian is I + u·eᵀ with |u| = rate·r (u ⊥ e); its largest
            // singular value is (a + √(a² + 4))/2 with a = |rate|·r. r: the bounds' radius plus 10 %.
            let a = abs(rate) * radiusAroundZ(b) * 1.1
            let factor = a.isFinite ? (a + (a * a + 4).squareRoot()) / 2 : .infinity
            let name = { if case .twist = node { return "twist" } else { return "bend" } }()
            guard let l = inner.lipschitz, factor.isFinite else { return .approximate }
            warnings.append("\(name): the field is only a bound with Lipschitz constant \(l * factor) inside its bounds; extraction prunes less and sphere tracing must take shorter steps")
            return .bound(lipschitz: l * factor)
        }
    }

    static func accuracy(of node: ProfileNode) -> FieldAccuracy {
        switch node {
        case .circle, .rectangle, .roundedRectangle, .polygon: return .exact
        case .translation(let child, _): return accuracy(of: child)
        case .union(let children), .intersection(let children):
            return weakened(children.map(accuracy(of:)).reduce(FieldAccuracy.exact) { $0.combined(with: $1) })
        case .difference(let base, let cut): return weakened(accuracy(of: base).combined(with: accuracy(of: cut)))
        }
    }

    /// Exact becomes a 1-Lipschitz bound; bounds and approximations are kept.
    static func weakened(_ accuracy: FieldAccuracy) -> FieldAccuracy {
        accuracy == .exact ? .bound(lipschitz: 1) : accuracy
    }

    static func blended(_ accuracy: FieldAccuracy, _ blend: Blend, warnings: inout [String]) -> FieldAccuracy {
        switch blend {
        case .sharp, .smooth:
            return weakened(accuracy)
        case .chamfer:
            guard let l = accuracy.lipschitz else { return .approximate }
            warnings.append("chamfer: the field is only a bound with Lipschitz constant \(l * 1.414_213_6) (the chamfer plane mixes both distances)")
            return .bound(lipschitz: l * 1.414_213_6)
        }
    }
}
