import SDFGeometry
import SDFTestSupport
import Testing
import SDFRender

@Suite struct PNGCodecTests {
    @Test(arguments: [3, 4])
    func roundTripKeepsEveryByte(channels: Int) throws {
        var random = TestRandom(seed: 7)
        let bytes = (0..<(37 * 23 * channels)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let image = RasterImage(width: 37, height: 23, channels: channels, pixels: bytes)
        let decoded = try PNGCodec.decode(try PNGCodec.encode(image))
        #expect(decoded == image)
    }

    @Test func fileRoundTripAndSignature() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("flat.png")
        let image = RasterImage(width: 5, height: 9, channels: 3, fill: [10, 200, 30])
        try PNGCodec.write(image, to: path)
        let decoded = try PNGCodec.read(path)
        #expect(decoded.width == 5 && decoded.height == 9)
        #expect(decoded.pixel(x: 4, y: 8) == [10, 200, 30])
        let signature = try PNGCodec.encode(image).prefix(8)
        #expect(Array(signature) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test func garbageAndTruncatedDataAreErrors() throws {
        #expect(throws: SDFError.self) { try PNGCodec.decode(Array("not a png".utf8)) }
        let valid = try PNGCodec.encode(RasterImage(width: 64, height: 64, channels: 3, fill: [1, 2, 3]))
        #expect(throws: SDFError.self) { try PNGCodec.decode(Array(valid.prefix(valid.count / 2))) }
        #expect(throws: SDFError.self) { try PNGCodec.read("/nonexistent/file.png") }
    }
}
