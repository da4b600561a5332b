/// An 8-bit RGB or RGBA image, rows top to bottom, channels interleaved.
public struct RasterImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Channels per pixel: 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// `width · height · channels` bytes, row-major from the top-left pixel.
    public var pixels: [UInt8]

    /// A `width × height` image filled with `fill` (its count is `channels`).
    public init(width: Int, height: Int, channels: Int = 3, fill: [UInt8]? = nil) {
        precondition(width > 0 && height > 0, "image size must be positive")
        precondition(channels == 3 || channels == 4, "images have 3 or 4 channels")
        self.width = width
        self.height = height
        self.channels = channels
        let background = fill ?? [UInt8](repeating: channels == 4 ? 255 : 0, count: channels)
        precondition(background.count == channels)
        var bytes = [UInt8](repeating: 0, count: width * height * channels)
        for i in 0..<(width * height) {
            for c in 0..<channels { bytes[i * channels + c] = background[c] }
        }
        pixels = bytes
    }

    /// An image over existing pixel bytes (count must be `width · height · channels`).
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && (channels == 3 || channels == 4))
        precondition(pixels.count == width * height * channels, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The channel values of pixel `(x, y)` (`y = 0` is the top row).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let base = (y * width + x) * channels
        return Array(pixels[base..<(base + channels)])
    }

    /// Sets pixel `(x, y)` from a colour with components in `[0, 1]` (alpha stays opaque).
    public mutating func setPixel(x: Int, y: Int, color: SIMD3<Float>) {
        let base = (y * width + x) * channels
        let c = RasterImage.bytes(color)
        pixels[base] = c.0
        pixels[base + 1] = c.1
        pixels[base + 2] = c.2
    }

    /// A colour in `[0, 1]` quantised to bytes (clamped, rounded).
    @inlinable
    public static func bytes(_ color: SIMD3<Float>) -> (UInt8, UInt8, UInt8) {
        let c = (color.clamped(lowerBound: .zero, upperBound: .one) * 255).rounded(.toNearestOrEven)
        return (UInt8(c.x), UInt8(c.y), UInt8(c.z))
    }
}
