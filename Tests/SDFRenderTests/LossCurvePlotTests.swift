import Foundation
import SDFGeometry
import SDFTestSupport
import Testing
import SDFRender

@Suite struct LossCurvePlotTests {
    /// Rows of the dark line pixels in column `x`.
    func lineRows(_ image: RasterImage, x: Int) -> [Int] {
        (0..<image.height).filter { image.pixel(x: x, y: $0) == [26, 64, 153] }
    }

    @Test func decayingLossDrawsAFallingLine() throws {
        let losses = (0..<5000).map { Float(1e-1) * powf(1e-3, Float($0) / 4999) }
        let image = try LossCurvePlot.image(losses: losses, width: 400, height: 300)
        let early = try #require(lineRows(image, x: 60).first)
        let late = try #require(lineRows(image, x: 370).first)
        #expect(early + 100 < late)
    }

    @Test func fewLossesAreJoinedByAnInterpolatedLine() throws {
        let image = try LossCurvePlot.image(losses: [1, 0.1, 0.01], width: 400, height: 300)
        // Every plot column has line pixels, falling from left to right, with no min–max band.
        let rows = (49..<384).map { lineRows(image, x: $0) }
        #expect(rows.allSatisfy { !$0.isEmpty })
        #expect(try #require(rows.first?.first) + 150 < (try #require(rows.last?.first)))
        #expect(!(0..<image.height).contains { image.pixel(x: 200, y: $0) == [184, 204, 237] })
    }

    @Test func writesADecodablePNG() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("loss.png")
        try LossCurvePlot.write(losses: [1, 0.5, 0.25, .nan, 0.1], to: path)
        let image = try PNGCodec.read(path)
        #expect(image.width == 640 && image.height == 360)
    }

    @Test func nothingToPlotIsAnError() {
        #expect(throws: SDFError.self) { try LossCurvePlot.image(losses: []) }
        #expect(throws: SDFError.self) { try LossCurvePlot.image(losses: [0, -1, .infinity]) }
        #expect(throws: SDFError.self) { try LossCurvePlot.write(losses: [1], to: "/nonexistent/dir/x.png") }
    }
}
