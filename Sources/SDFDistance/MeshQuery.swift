import SDFGeometry

/// One thread's view of a `MeshDistanceField`: closest-point search plus sign.
struct MeshQuery {
    let traversal: BVHTraversal
    /// Present when winding numbers are needed (the winding sign, or on request).
    let evaluator: WindingEvaluator?
    let pseudonormals: Pseudonormals?

    /// A closest point: its leaf slot, the offset p − c (double precision), the unsigned distance
    /// and, with pseudonormals, whether p is inside (nil under the winding sign).
    struct Hit {
        var slot: Int
        var offset: SIMD3<Double>
        var distance: Float
        var pseudonormalInside: Bool?
    }

    /// The closest point to `p` within `upperBound` (the full search runs when the bound was too
    /// small); nil for non-finite `p`. `hint` is a leaf slot near the answer (or −1) and is
    /// updated to this answer.
    @inline(__always)
    func closest(to p: SIMD3<Float>, upperBound: Float, hint: inout Int) -> Hit? {
        guard p.isFinite else { return nil }
        guard let slot = traversal.nearestSlot(to: p, upperBound: upperBound, hint: hint)
            ?? traversal.nearestSlot(to: p, upperBound: .infinity, hint: hint)
        else { return nil }
        hint = slot
        return hit(p, slot: slot)
    }

    /// The closest points to two finite points `p` and `q` (nearby ones, for one shared
    /// traversal; see `BVHTraversal.nearestSlots`) within their upper bounds (the full search runs
    /// for a point whose bound was too small). `hint` as in `closest(to:upperBound:hint:)`, set
    /// to the last answer found. A point gets nil, as in `closest(to:upperBound:hint:)`, when even
    /// the full search finds no triangle: its squared distances overflow single precision.
    @inline(__always)
    func closest(_ p: SIMD3<Float>, _ q: SIMD3<Float>, upperBounds: SIMD2<Float>, hint: inout Int) -> (Hit?, Hit?) {
        let widened = (upperBounds * 1.001).replacing(with: .infinity, where: .!(upperBounds .< .infinity))
        var slots = traversal.nearestSlots(p, q, squaredBounds: widened * widened, hint: hint)
        if slots.x < 0 { slots.x = traversal.nearestSlot(to: p, squaredBound: .infinity, hint: hint).slot }
        if slots.y < 0 { slots.y = traversal.nearestSlot(to: q, squaredBound: .infinity, hint: hint).slot }
        if slots.y >= 0 { hint = Int(slots.y) } else if slots.x >= 0 { hint = Int(slots.x) }
        return (slots.x >= 0 ? hit(p, slot: Int(slots.x)) : nil, slots.y >= 0 ? hit(q, slot: Int(slots.y)) : nil)
    }

    /// The hit for `p` on leaf slot `slot`, refined in double precision.
    @inline(__always)
    private func hit(_ p: SIMD3<Float>, slot: Int) -> Hit {
        let (point, feature) = traversal.refine(p, slot: slot)
        let offset = SIMD3<Double>(p) - point
        let distance = Float((offset * offset).sum().squareRoot())
        var inside: Bool?
        if let pseudonormals {
            let normal = SIMD3<Double>(pseudonormals.normal(slot: slot, feature: feature))
            inside = (offset * normal).sum() < 0
        }
        return Hit(slot: slot, offset: offset, distance: distance, pseudonormalInside: inside)
    }

    /// The signed distance at `p` and, when it was computed (winding sign, or on request), the
    /// winding number (NaN otherwise). Non-finite `p` gives NaN for both.
    @inline(__always)
    func signedDistance(to p: SIMD3<Float>, upperBound: Float = .infinity, needsWindingNumber: Bool = false,
                        hint: inout Int) -> (distance: Float, windingNumber: Float) {
        guard let hit = closest(to: p, upperBound: upperBound, hint: &hint) else { return (.nan, .nan) }
        let needed = needsWindingNumber || hit.pseudonormalInside == nil
        let winding = needed ? evaluator!.windingNumber(at: p) : .nan
        let inside = hit.pseudonormalInside ?? (winding > 0.5)
        return (inside ? -hit.distance : hit.distance, winding)
    }

    /// Whether `p` (with closest point `hit`) is inside: the pseudonormal side, else w > 0.5.
    @inline(__always)
    func isInside(_ p: SIMD3<Float>, _ hit: Hit) -> Bool {
        hit.pseudonormalInside ?? (evaluator!.windingNumber(at: p) > 0.5)
    }

    /// The gradient of the signed distance at `p`: the unit vector from the closest point away
    /// from the surface outside and towards it inside (both point outwards); the face normal on
    /// the surface itself; NaN for non-finite `p`.
    func gradient(at p: SIMD3<Float>) -> SIMD3<Float> {
        var hint = -1
        guard let hit = closest(to: p, upperBound: .infinity, hint: &hint) else {
            return SIMD3(repeating: .nan)
        }
        let length = (hit.offset * hit.offset).sum().squareRoot()
        if length > 0 {
            return SIMD3<Float>(hit.offset / length * (isInside(p, hit) ? -1 : 1))
        }
        let corners = traversal.corners!
        let (a, b, c) = (corners[3 * hit.slot], corners[3 * hit.slot + 1], corners[3 * hit.slot + 2])
        return normalizedOrZero(cross(b - a, c - a))
    }
}
