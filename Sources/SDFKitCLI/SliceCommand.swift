import ArgumentParser
import SDFKit

/// `sdfkit slice`: a colour-mapped plane of signed distances.
struct SliceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slice",
        abstract: "Draw the signed distance on an axis-aligned plane as a PNG.",
        discussion: """
            Blue is inside, red outside, white near zero; the zero contour is drawn dark and \
            iso-lines at a regular spacing. The plane spans the field's bounds padded by 10 % of \
            their diagonal; x slices show (y, z), y slices (x, z), z slices (x, y), the second axis up.
            """)

    @Argument(help: "A mesh file, a .sdfnet model or a .json scene.")
    var source: String

    @Option(help: "The axis perpendicular to the plane: x, y or z.")
    var axis: CoordinateAxis = .z

    @Option(help: "The plane's coordinate on that axis (default: the centre of the bounds).")
    var at: Float?

    @Option(name: .shortAndLong, help: "Output PNG path.")
    var output: String

    @Option(help: "Image size WIDTHxHEIGHT (default: 512 wide, height from the bounds' aspect).")
    var size: ImageSize?

    @Flag(help: "Print one JSON object with the plane and the value range.")
    var json = false

    func validate() throws {
        if let at, !at.isFinite { throw ValidationError("--at must be a finite number") }
    }

    struct Report: Encodable {
        var output: String
        var axis: String
        var at: Float
        var width: Int
        var height: Int
        var pixelSize: Float
        var isoSpacing: Float
        var minimum: Float
        var maximum: Float
        var crossesSurface: Bool
    }

    func run() throws {
        try AtomicFile.checkWritable(output)
        let field = try FieldLoader.load(source)
        let bounds = field.bounds
        let position = at ?? bounds.center[axis.index]
        let imageSize = size ?? defaultSize(for: bounds)
        let plane = SlicePlane(bounds: bounds, axis: axis, position: position,
                               width: imageSize.width, height: imageSize.height)
        let result = SliceRenderer.render(field, plane: plane)
        try PNGCodec.write(result.image, to: output)
        if position < bounds.min[axis.index] || position > bounds.max[axis.index] {
            printWarning("the plane \(axis.rawValue) = \(position) lies outside the bounds \(bounds.min[axis.index]) … \(bounds.max[axis.index])")
        }
        if !result.crossesSurface {
            printWarning("the plane does not cross the surface: no zero contour in \(output)")
        }
        let report = Report(output: output, axis: axis.rawValue, at: position, width: imageSize.width,
                            height: imageSize.height, pixelSize: plane.pixelSize,
                            isoSpacing: result.isoSpacing, minimum: result.minimum,
                            maximum: result.maximum, crossesSurface: result.crossesSurface)
        if json {
            try JSONOutput.print(report)
        } else {
            print("wrote \(output) (\(imageSize), \(axis.rawValue) = \(position), values \(result.minimum) … \(result.maximum), iso-lines every \(result.isoSpacing))")
        }
    }

    /// 512 pixels wide and as tall as the plane's aspect asks (16 … 2048).
    func defaultSize(for bounds: AABB) -> ImageSize {
        let (h, v) = axis.inPlaneAxes
        let extent = bounds.isEmpty ? SIMD3<Float>.one : bounds.size + SIMD3(repeating: bounds.diagonal * 0.2)
        let aspect = extent[v] / Swift.max(extent[h], 1e-12)
        let height = Int((512 * aspect).rounded())
        return ImageSize(width: 512, height: Swift.min(Swift.max(height, 16), 2048))
    }
}
