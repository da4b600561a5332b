import SDFGeometry

/// Why a training run ended.
public enum TrainingStop: String, Sendable, Codable {
    /// The step or time budget was used up.
    case finished
    /// The loss became NaN or infinite; the parameters are those of the last good step.
    case nonFiniteLoss
}

/// A snapshot of a running fit, for progress displays.
public struct TrainingProgress: Sendable {
    /// Steps taken.
    public var step: Int
    /// Mean loss of the latest step.
    public var loss: Float
    /// Training samples per second so far.
    public var samplesPerSecond: Double
    /// Estimated seconds until the budget is used up.
    public var secondsRemaining: Double
}

/// The outcome of `Trainer.train`.
public struct TrainingRun: Sendable, Codable {
    /// Steps taken in this run.
    public var steps: Int
    /// Wall-clock seconds of the run.
    public var seconds: Double
    /// Training samples processed per second.
    public var samplesPerSecond: Double
    /// Mean loss of the last good step.
    public var finalLoss: Float
    /// Why the run ended.
    public var stop: TrainingStop
    /// The message of a non-finite loss, if any.
    public var message: String?
    /// Seconds per phase.
    public var profile: TrainingProfile
}

extension Trainer {
    /// Trains until `steps` steps or `seconds` seconds (whichever comes first; at least one must
    /// be given), decaying the learning rate over the budget. `progress` is called about four
    /// times a second. With a step budget the run is deterministic; a time budget makes the
    /// number of steps (and so the schedule) depend on the machine's speed.
    public func train(steps stepBudget: Int?, seconds secondBudget: Double?,
                      progress: ((TrainingProgress) -> Void)? = nil) -> TrainingRun {
        precondition(stepBudget != nil || secondBudget != nil, "give a step or a time budget")
        let start = monotonicSeconds()
        let firstStep = steps
        var lastReport = start
        var loss: Float = .nan
        var stop = TrainingStop.finished
        var message: String?
        while true {
            let elapsed = monotonicSeconds() - start
            let done = steps - firstStep
            var fraction = 0.0
            if let stepBudget { fraction = Swift.max(fraction, Double(done) / Double(Swift.max(1, stepBudget))) }
            if let secondBudget { fraction = Swift.max(fraction, elapsed / Swift.max(1e-9, secondBudget)) }
            if fraction >= 1 { break }
            do {
                loss = try step(learningRate: configuration.learningRate(atProgress: fraction))
            } catch {
                stop = .nonFiniteLoss
                message = "\(error)"
                break
            }
            let now = monotonicSeconds()
            if let progress, now - lastReport > 0.25 {
                lastReport = now
                let rate = Double((steps - firstStep) * configuration.batchSize) / (now - start)
                let remaining = fraction > 0 ? (now - start) * (1 - fraction) / fraction : 0
                progress(TrainingProgress(step: steps, loss: loss, samplesPerSecond: rate,
                                          secondsRemaining: remaining))
            }
        }
        let seconds = monotonicSeconds() - start
        let taken = steps - firstStep
        return TrainingRun(steps: taken, seconds: seconds,
                           samplesPerSecond: Double(taken * configuration.batchSize) / Swift.max(seconds, 1e-9),
                           finalLoss: loss, stop: stop, message: message, profile: profile)
    }
}
