import CPNG
import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// PNG encoding and decoding through libpng's simplified API (`png_image_*`).
///
/// The simplified API keeps libpng's `setjmp`/`longjmp` error handling inside C and reports
/// failures as return codes, so a corrupt file becomes an `SDFError`, never a jump across Swift
/// frames or an abort.
public enum PNGCodec {
    /// The PNG bytes of `image` (8-bit RGB or RGBA).
    public static func encode(_ image: RasterImage) throws -> [UInt8] {
        var control = makeControl(width: image.width, height: image.height, channels: image.channels)
        let rowStride = Int32(image.width * image.channels)
        // Raw size plus filter bytes and deflate's stored-block overhead: always enough.
        var capacity = image.pixels.count + image.height + image.pixels.count / 1000 + 4096
        for _ in 0..<2 {
            var output = [UInt8](repeating: 0, count: capacity)
            var written = png_alloc_size_t(capacity)
            let ok = image.pixels.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { target in
                    png_image_write_to_memory(&control, target.baseAddress, &written, 0,
                                              source.baseAddress, rowStride, nil)
                }
            }
            if ok != 0 {
                output.removeSubrange(Int(written)...)
                return output
            }
            guard Int(written) > capacity else { break }
            capacity = Int(written)
            control = makeControl(width: image.width, height: image.height, channels: image.channels)
        }
        throw SDFError("PNG encoding failed: \(message(of: &control))")
    }

    /// Writes `image` to `path` as a PNG, atomically.
    public static func write(_ image: RasterImage, to path: String) throws {
        try AtomicFile.write(try encode(image), to: path)
    }

    /// Decodes PNG bytes into an 8-bit RGB image, or RGBA when the file has an alpha channel.
    public static func decode(_ bytes: [UInt8], path: String? = nil) throws -> RasterImage {
        var control = png_image()
        control.version = png_uint_32(PNG_IMAGE_VERSION)
        let begun = bytes.withUnsafeBytes {
            png_image_begin_read_from_memory(&control, $0.baseAddress, $0.count)
        }
        guard begun != 0 else { throw SDFError("not a readable PNG: \(message(of: &control))", path: path) }
        let hasAlpha = control.format & png_uint_32(PNG_FORMAT_FLAG_ALPHA) != 0
        let channels = hasAlpha ? 4 : 3
        control.format = hasAlpha ? rgbaFormat : rgbFormat
        let width = Int(control.width), height = Int(control.height)
        guard width > 0, height > 0, width * height <= 1 << 28 else {
            png_image_free(&control)
            throw SDFError("PNG size \(width)×\(height) is not supported", path: path)
        }
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let finished = pixels.withUnsafeMutableBytes {
            png_image_finish_read(&control, nil, $0.baseAddress, Int32(width * channels), nil)
        }
        guard finished != 0 else { throw SDFError("corrupt PNG: \(message(of: &control))", path: path) }
        return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Reads and decodes the PNG file at `path`.
    public static func read(_ path: String) throws -> RasterImage {
        guard let file = fopen(path, "rb") else { throw SDFError("cannot open: \(errnoText())", path: path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return try decode(bytes, path: path)
    }

    private static let rgbFormat = png_uint_32(PNG_FORMAT_FLAG_COLOR)
    private static let rgbaFormat = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)

    private static func makeControl(width: Int, height: Int, channels: Int) -> png_image {
        var control = png_image()
        control.version = png_uint_32(PNG_IMAGE_VERSION)
        control.width = png_uint_32(width)
        control.height = png_uint_32(height)
        control.format = channels == 4 ? rgbaFormat : rgbFormat
        return control
    }

    private static func message(of control: inout png_image) -> String {
        withUnsafeBytes(of: &control.message) { raw in
            let text = raw.prefix { $0 != 0 }
            return text.isEmpty ? "unknown libpng error" : String(decoding: text, as: UTF8.self)
        }
    }
}
