import ArgumentParser
import SDFKit

/// `sdfkit render`: a shaded, sphere-traced PNG of any field.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Sphere-trace a mesh, model or scene into a shaded PNG (CPU, no OpenGL).",
        discussion: """
            The camera orbits the field's bounds: elevation in degrees above the plane normal to \
            --up, azimuth in degrees around it (z up: from +x towards +y; y up: from +z towards +x). --turntable N writes N frames OUT-000.png … around the \
            object, starting at the given azimuth.
            """)

    @Argument(help: "A mesh file, a .sdfnet model or a .json scene.")
    var source: String

    @Option(name: .shortAndLong, help: "Output PNG path.")
    var output: String

    @Option(help: "Image size WIDTHxHEIGHT (at most \(ImageSize.maximumSide) a side).")
    var size = ImageSize(width: 512, height: 512)

    @Option(help: "Camera azimuth in degrees.")
    var azimuth: Float = 35

    @Option(help: "Camera elevation in degrees (−89.5 … 89.5).")
    var elevation: Float = 25

    @Option(help: "The axis that points up in the image: x, y or z.")
    var up: CoordinateAxis = .z

    @Option(help: "Magnification: 1 frames the bounds, 2 looks twice as close.")
    var zoom: Float = 1

    @Option(help: "Write this many frames around the object instead of one image.")
    var turntable: Int?

    @Flag(help: "Print one JSON object with the outputs and counts.")
    var json = false

    func validate() throws {
        guard azimuth.isFinite, elevation.isFinite else { throw ValidationError("angles must be finite numbers") }
        guard abs(elevation) <= 89.5 else { throw ValidationError("--elevation must lie in −89.5 … 89.5") }
        guard zoom.isFinite, zoom > 0, zoom <= 1000 else { throw ValidationError("--zoom must lie in (0, 1000]") }
        if let turntable, !(1...3600).contains(turntable) {
            throw ValidationError("--turntable must lie in 1 … 3600")
        }
    }

    struct Report: Encodable {
        var outputs: [String]
        var width: Int
        var height: Int
        var hitPixels: [Int]
        var fieldEvaluations: Int
        var seconds: Double
    }

    func run() throws {
        let paths = framePaths()
        for path in paths { try AtomicFile.checkWritable(path) }
        let field = try FieldLoader.load(source)
        let start = monotonicSeconds()
        let progress = ProgressLine()
        var report = Report(outputs: paths, width: size.width, height: size.height, hitPixels: [],
                            fieldEvaluations: 0, seconds: 0)
        for (frame, path) in paths.enumerated() {
            if paths.count > 1 { progress.update("frame \(frame + 1)/\(paths.count)") }
            let angle = azimuth + 360 * Float(frame) / Float(paths.count)
            var camera = Camera.framing(field.bounds, azimuth: angle, elevation: elevation,
                                        aspect: Float(size.width) / Float(size.height), up: up)
            camera.position = camera.target + (camera.position - camera.target) / zoom
            let result = SphereTracer.render(field, camera: camera,
                                             settings: RenderSettings(width: size.width, height: size.height))
            try PNGCodec.write(result.image, to: path)
            if result.hitPixels == 0 {
                printWarning("nothing in view in \(path): the image shows only the background")
            }
            report.hitPixels.append(result.hitPixels)
            report.fieldEvaluations += result.fieldEvaluations
        }
        progress.finish()
        report.seconds = monotonicSeconds() - start
        if json {
            try JSONOutput.print(report)
        } else {
            let covered = report.hitPixels.reduce(0, +) * 100 / Swift.max(1, paths.count * size.width * size.height)
            let what = paths.count == 1 ? paths[0] : "\(paths.count) frames \(paths[0]) … \(paths[paths.count - 1])"
            print("wrote \(what) (\(size), \(covered) % surface, \(formatSeconds(report.seconds)))")
        }
    }

    /// The output path, or one numbered path per turntable frame (`out.png` → `out-000.png` …).
    func framePaths() -> [String] {
        guard let turntable else { return [output] }
        let slash = output.lastIndex(of: "/").map { output.index(after: $0) } ?? output.startIndex
        let name = output[slash...]
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let stem = output[..<dot], suffix = dot < name.endIndex ? String(output[dot...]) : ".png"
        return (0..<turntable).map { frame in
            let number = String(frame)
            return "\(stem)-\(String(repeating: "0", count: Swift.max(0, 3 - number.count)))\(number)\(suffix)"
        }
    }
}

/// Seconds with two significant decimals, for summaries.
func formatSeconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
}
