import SDFGeometry

/// One thread's view of a `MeshDistanceField`: closest-point search plus sign.
struct MeshQuery {
    let traversal: BVHTraversal
    let evaluator: WindingEvaluator
    let pseudonormals: Pseudonormals?

    /// The signed distance at `p` and, when it was computed (winding sign, or on request), the
    /// winding number (NaN otherwise). Non-finite `p` gives NaN for both.
    @inline(__always)
    func signedDistance(to p: SIMD3<Float>, upperBound: Float = .infinity,
                        needsWindingNumber: Bool = false, hint: inout Int) -> (distance: Float, windingNumber: Float) {
        guard let hit = closest(to: p, upperBound: upperBound, needsWindingNumber: needsWindingNumber, hint: hint) else {
            return (.nan, .nan)
        }
        hint = hit.slot
        return (hit.inside ? -hit.distance : hit.distance, hit.windingNumber)
    }

    /// The gradient of the signed distance at `p`: the unit vector from the closest point away
    /// from the surface outside and towards it inside (both point outwards); the face normal on
    /// the surface itself; NaN for non-finite `p`.
    func gradient(at p: SIMD3<Float>) -> SIMD3<Float> {
        guard let hit = closest(to: p, upperBound: .infinity, needsWindingNumber: false, hint: -1) else {
            return SIMD3(repeating: .nan)
        }
        let length = (hit.offset * hit.offset).sum().squareRoot()
        if length > 0 {
            return SIMD3<Float>(hit.offset / length * (hit.inside ? -1 : 1))
        }
        let corners = traversal.corners!
        let (a, b, c) = (corners[3 * hit.slot], corners[3 * hit.slot + 1], corners[3 * hit.slot + 2])
        return normalizedOrZero(cross(b - a, c - a))
    }

    /// The closest point's slot and offset p − c (double precision), its distance, the side and
    /// the winding number when computed. `hint` is a leaf slot near the answer (or −1).
    @inline(__always)
    private func closest(to p: SIMD3<Float>, upperBound: Float, needsWindingNumber: Bool, hint: Int)
        -> (slot: Int, offset: SIMD3<Double>, distance: Float, inside: Bool, windingNumber: Float)?
    {
        guard p.isFinite else { return nil }
        guard let slot = traversal.nearestSlot(to: p, upperBound: upperBound, hint: hint)
            ?? traversal.nearestSlot(to: p, upperBound: .infinity, hint: hint)
        else { return nil }
        let (point, feature) = traversal.refine(p, slot: slot)
        let offset = SIMD3<Double>(p) - point
        let distance = Float((offset * offset).sum().squareRoot())
        var winding = Float.nan
        let inside: Bool
        if let pseudonormals {
            let normal = SIMD3<Double>(pseudonormals.normal(slot: slot, feature: feature))
            inside = (offset * normal).sum() < 0
            if needsWindingNumber { winding = evaluator.windingNumber(at: p) }
        } else {
            winding = evaluator.windingNumber(at: p)
            inside = winding > 0.5
        }
        return (slot, offset, distance, inside, winding)
    }
}
