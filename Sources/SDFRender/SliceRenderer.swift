import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// A coordinate axis: the normal of a slice plane, or the up direction of a camera.
public enum CoordinateAxis: String, CaseIterable, Sendable, Codable {
    case x, y, z

    /// The world axes shown horizontally and vertically (x → (y, z), y → (x, z), z → (x, y)).
    public var inPlaneAxes: (horizontal: Int, vertical: Int) {
        switch self {
        case .x: return (1, 2)
        case .y: return (0, 2)
        case .z: return (0, 1)
        }
    }

    /// The index of the axis (0, 1, 2).
    public var index: Int {
        switch self {
        case .x: return 0
        case .y: return 1
        case .z: return 2
        }
    }
}

/// The mapping between the pixels of a slice image and points of its plane.
public struct SlicePlane: Sendable, Equatable {
    /// The axis perpendicular to the plane.
    public var axis: CoordinateAxis
    /// The plane's coordinate on that axis.
    public var position: Float
    /// World coordinates (horizontal, vertical) of the top-left corner of pixel (0, 0).
    public var topLeft: SIMD2<Float>
    /// Side of one (square) pixel in world units.
    public var pixelSize: Float
    /// Image size in pixels.
    public var width: Int, height: Int

    /// A plane through `bounds` (padded by 10 % of its diagonal), fitted to the image with square
    /// pixels and centred.
    public init(bounds: AABB, axis: CoordinateAxis, position: Float, width: Int, height: Int) {
        let (h, v) = axis.inPlaneAxes
        let box = bounds.isEmpty ? AABB(min: -.one, max: .one) : bounds
        let padded = box.padded(by: Swift.max(box.diagonal, 1e-6) * 0.1)
        let extent = SIMD2(padded.max[h] - padded.min[h], padded.max[v] - padded.min[v])
        let size = Swift.max(extent.x / Float(width), extent.y / Float(height))
        let center = SIMD2(padded.center[h], padded.center[v])
        self.axis = axis
        self.position = position
        pixelSize = size
        topLeft = SIMD2(center.x - size * Float(width) / 2, center.y + size * Float(height) / 2)
        self.width = width
        self.height = height
    }

    /// The world point at the centre of pixel `(x, y)` (row 0 at the top).
    public func worldPoint(x: Int, y: Int) -> SIMD3<Float> {
        let (h, v) = axis.inPlaneAxes
        var p = SIMD3<Float>(repeating: 0)
        p[axis.index] = position
        p[h] = topLeft.x + (Float(x) + 0.5) * pixelSize
        p[v] = topLeft.y - (Float(y) + 0.5) * pixelSize
        return p
    }

    /// The pixel containing the in-plane projection of `point`, if it lies in the image.
    public func pixel(containing point: SIMD3<Float>) -> (x: Int, y: Int)? {
        let (h, v) = axis.inPlaneAxes
        let x = Int(((point[h] - topLeft.x) / pixelSize).rounded(.down))
        let y = Int(((topLeft.y - point[v]) / pixelSize).rounded(.down))
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return (x, y)
    }
}

/// What a slice showed.
public struct SliceResult: Sendable {
    /// The colour-mapped image.
    public var image: RasterImage
    /// Pixel ↔ world mapping.
    public var plane: SlicePlane
    /// Distance outside at which the red side of the map saturates (a quarter of the bounds).
    public var outsideScale: Float
    /// Depth inside at which the blue side saturates (the deepest value in the slice), so thin
    /// parts stay visible.
    public var insideScale: Float
    /// Spacing of the iso-lines.
    public var isoSpacing: Float
    /// Smallest and largest finite values seen (divided by the field's Lipschitz bound).
    public var minimum: Float, maximum: Float
    /// Whether the plane crosses the surface (values of both signs).
    public var crossesSurface: Bool { minimum < 0 && maximum > 0 }
}

/// Signed-distance slices: a diverging colour map (blue inside, white at zero, red outside),
/// the zero contour drawn dark and iso-lines at regular spacing.
public enum SliceRenderer {
    /// Colour of the inside extreme (linear RGB in `[0, 1]`).
    public static let insideColor = SIMD3<Float>(0.16, 0.36, 0.78)
    /// Colour of the outside extreme.
    public static let outsideColor = SIMD3<Float>(0.80, 0.20, 0.16)

    /// Samples `field` on `plane` and colours the result.
    public static func render(_ field: any DistanceField, plane: SlicePlane) -> SliceResult {
        let count = plane.width * plane.height
        var points = [SIMD3<Float>](repeating: .zero, count: count)
        for y in 0..<plane.height {
            for x in 0..<plane.width { points[y * plane.width + x] = plane.worldPoint(x: x, y: y) }
        }
        let lipschitz = field.accuracy.lipschitz ?? 1
        var values = field.distances(at: points)
        for i in values.indices { values[i] /= lipschitz }
        var minimum = Float.infinity, maximum = -Float.infinity
        for value in values where value.isFinite {
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }
        let bounds = field.bounds
        let outsideScale = Swift.max(bounds.isEmpty ? 1 : bounds.longestSide * 0.25, plane.pixelSize * 4)
        let insideScale = Swift.max(minimum < 0 ? -minimum : outsideScale, plane.pixelSize * 2)
        let spacing = niceSpacing(outsideScale / 4)
        var image = RasterImage(width: plane.width, height: plane.height, channels: 3)
        for i in 0..<count {
            let value = values[i]
            let color = value.isFinite
                ? self.color(distance: value, scale: value < 0 ? insideScale : outsideScale,
                             spacing: spacing, pixelSize: plane.pixelSize)
                : SIMD3(repeating: 0.5)
            image.setPixel(x: i % plane.width, y: i / plane.width, color: color)
        }
        return SliceResult(image: image, plane: plane, outsideScale: outsideScale, insideScale: insideScale,
                           isoSpacing: spacing, minimum: minimum, maximum: maximum)
    }

    /// The colour of one distance: diverging map, darkened on the zero contour and iso-lines.
    static func color(distance d: Float, scale: Float, spacing: Float, pixelSize: Float) -> SIMD3<Float> {
        let t = Swift.min(abs(d) / scale, 1).squareRoot()
        let extreme = d < 0 ? insideColor : outsideColor
        var color = SIMD3<Float>.one + (extreme - .one) * t
        let nearestIso = (d / spacing).rounded() * spacing
        let isoCoverage = Swift.max(0, 1 - abs(d - nearestIso) / pixelSize)
        color *= 1 - 0.3 * isoCoverage
        let zeroCoverage = Swift.min(Swift.max(1.5 - abs(d) / pixelSize, 0), 1)
        return color + (SIMD3(repeating: 0.08) - color) * zeroCoverage
    }

    /// The largest 1, 2 or 5 × 10ᵏ not above `value` (the iso-line spacing rule).
    public static func niceSpacing(_ value: Float) -> Float {
        guard value > 0, value.isFinite else { return 1 }
        let decade = powf(10, log10f(value).rounded(.down))
        for step: Float in [5, 2, 1] where step * decade <= value { return step * decade }
        return decade
    }
}
