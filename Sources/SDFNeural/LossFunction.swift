/// The training loss between predicted and exact signed distances (unit-box units).
public enum LossFunction: String, Sendable, Codable, CaseIterable {
    /// Mean absolute percentage error `|ŷ − y| / (|y| + 0.01)` (instant-ngp's SDF loss): weights
    /// samples near the surface up to 100× more than far ones.
    case mape
    /// Mean absolute error `|ŷ − y|`.
    case l1

    /// The per-sample loss and its derivative with respect to the prediction.
    @inline(__always)
    func valueAndDerivative(prediction: Float, target: Float) -> (value: Float, derivative: Float) {
        let difference = prediction - target
        let sign: Float = difference > 0 ? 1 : (difference < 0 ? -1 : 0)
        switch self {
        case .mape:
            let scale = 1 / (abs(target) + 0.01)
            return (abs(difference) * scale, sign * scale)
        case .l1:
            return (abs(difference), sign)
        }
    }
}
