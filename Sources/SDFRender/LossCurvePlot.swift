import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// A training-loss line chart as a PNG: log-scale y with a tick and grid line per decade, linear x
/// (step) with ten ticks. Where steps outnumber pixel columns, each column shows the range of its
/// losses as a pale band and their geometric mean as the line.
public enum LossCurvePlot {
    /// Draws `losses` (one per step; non-positive and non-finite values are skipped).
    public static func image(losses: [Float], width: Int = 640, height: Int = 360) throws -> RasterImage {
        guard width >= 64, height >= 64 else { throw SDFError("plot size must be at least 64×64") }
        let valid = losses.filter { $0.isFinite && $0 > 0 }
        guard !valid.isEmpty else { throw SDFError("no positive finite loss values to plot") }
        var canvas = Canvas(width: width, height: height)
        let left = 48, right = width - 16, top = 16, bottom = height - 32
        var lowDecade = log10f(valid.min()!).rounded(.down)
        var highDecade = log10f(valid.max()!).rounded(.up)
        if highDecade <= lowDecade { highDecade = lowDecade + 1 }
        if highDecade - lowDecade > 12 { lowDecade = highDecade - 12 }
        func row(_ loss: Float) -> Float {
            let s = (log10f(loss) - lowDecade) / (highDecade - lowDecade)
            return Float(bottom) - Swift.min(Swift.max(s, 0), 1) * Float(bottom - top)
        }
        for decade in Int(lowDecade)...Int(highDecade) {
            let y = Int(row(powf(10, Float(decade))).rounded())
            canvas.fill(x: left + 1..<right, y: y..<y + 1, color: SIMD3(0.90, 0.90, 0.90))
            canvas.fill(x: left - 6..<left, y: y..<y + 1, color: SIMD3(0.2, 0.2, 0.2))
        }
        for tick in 0...10 {
            let x = left + (right - left) * tick / 10
            canvas.fill(x: x..<x + 1, y: bottom + 1..<bottom + 7, color: SIMD3(0.2, 0.2, 0.2))
        }
        drawSeries(losses, on: &canvas, columns: left + 1..<right, row: row)
        canvas.fill(x: left..<left + 1, y: top..<bottom + 1, color: SIMD3(0.2, 0.2, 0.2))
        canvas.fill(x: left..<right, y: bottom..<bottom + 1, color: SIMD3(0.2, 0.2, 0.2))
        return canvas.image
    }

    /// Writes the chart of `losses` to `path` (PNG, atomic).
    public static func write(losses: [Float], to path: String, width: Int = 640, height: Int = 360) throws {
        try AtomicFile.checkWritable(path)
        try PNGCodec.write(try image(losses: losses, width: width, height: height), to: path)
    }

    /// Per column: the band from the smallest to the largest loss and the geometric-mean line.
    /// With fewer losses than columns, the line interpolates between them in log space.
    private static func drawSeries(_ losses: [Float], on canvas: inout Canvas, columns: Range<Int>,
                                   row: (Float) -> Float) {
        let steps = losses.count
        var previous: Float? = nil
        for (offset, x) in columns.enumerated() {
            let level: Float?
            if steps < columns.count {
                level = interpolatedRow(losses, at: Float(offset) * Float(steps - 1) / Float(columns.count - 1), row: row)
            } else {
                level = bandAndMean(losses[(offset * steps / columns.count)..<((offset + 1) * steps / columns.count)],
                                    column: x, on: &canvas, row: row)
            }
            guard let level else { previous = nil; continue }
            let from = previous ?? level
            let lo = Int(Swift.min(from, level).rounded()), hi = Int(Swift.max(from, level).rounded())
            canvas.fill(x: x..<x + 1, y: lo - 1..<hi + 1, color: SIMD3(0.10, 0.25, 0.60))
            previous = level
        }
    }

    /// Draws the min–max band of `losses` in `column`; returns the row of their geometric mean.
    private static func bandAndMean(_ losses: ArraySlice<Float>, column x: Int, on canvas: inout Canvas,
                                    row: (Float) -> Float) -> Float? {
        var low = Float.infinity, high = -Float.infinity, logSum: Float = 0, n = 0
        for loss in losses where loss.isFinite && loss > 0 {
            low = Swift.min(low, loss)
            high = Swift.max(high, loss)
            logSum += log10f(loss)
            n += 1
        }
        guard n > 0 else { return nil }
        let bandTop = Int(row(high).rounded()), bandBottom = Int(row(low).rounded())
        canvas.fill(x: x..<x + 1, y: bandTop..<bandBottom + 1, color: SIMD3(0.72, 0.80, 0.93))
        return row(powf(10, logSum / Float(n)))
    }

    /// The row of the loss at fractional step `position`, interpolated in log space (nil when a
    /// neighbouring loss is not positive and finite).
    private static func interpolatedRow(_ losses: [Float], at position: Float, row: (Float) -> Float) -> Float? {
        let i = Swift.min(Int(position), losses.count - 1), j = Swift.min(i + 1, losses.count - 1)
        let a = losses[i], b = losses[j]
        guard a.isFinite, a > 0, b.isFinite, b > 0 else { return nil }
        let t = position - Float(i)
        return row(powf(10, log10f(a) * (1 - t) + log10f(b) * t))
    }
}

/// A white RGB image with clipped rectangle fills.
private struct Canvas {
    var image: RasterImage

    init(width: Int, height: Int) {
        image = RasterImage(width: width, height: height, channels: 3, fill: [255, 255, 255])
    }

    mutating func fill(x: Range<Int>, y: Range<Int>, color: SIMD3<Float>) {
        let xs = x.clamped(to: 0..<image.width), ys = y.clamped(to: 0..<image.height)
        for row in ys {
            for column in xs { image.setPixel(x: column, y: row, color: color) }
        }
    }
}
