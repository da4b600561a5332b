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
                        needsWindingNumber: Bool = false) -> (distance: Float, windingNumber: Float) {
        guard p.isFinite else { return (.nan, .nan) }
        guard let slot = traversal.nearestSlot(to: p, upperBound: upperBound)
            ?? traversal.nearestSlot(to: p, upperBound: .infinity)
        else { return (.nan, .nan) }
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
        return (inside ? -distance : distance, winding)
    }
}
