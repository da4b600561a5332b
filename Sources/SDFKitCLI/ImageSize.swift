import ArgumentParser

/// An image size given as `WIDTHxHEIGHT` on the command line (e.g. `640x480`).
struct ImageSize: ExpressibleByArgument, Equatable, CustomStringConvertible {
    var width: Int
    var height: Int

    /// The largest side accepted, and the largest pixel count.
    static let maximumSide = 16384
    static let maximumPixels = 1 << 26

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              w > 0, h > 0, w <= Self.maximumSide, h <= Self.maximumSide,
              w * h <= Self.maximumPixels
        else { return nil }
        self.init(width: w, height: h)
    }

    var description: String { "\(width)x\(height)" }

    static var defaultValueDescription: String { "512x512" }
}
