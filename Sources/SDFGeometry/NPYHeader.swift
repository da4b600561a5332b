/// The header of a NumPy `.npy` file holding a little-endian float32 array in C order — the one
/// array format sdfkit exchanges points and distances in (format versions 1.0, 2.0 and 3.0).
///
/// Layout: the magic `\x93NUMPY`, two version bytes, the header length (2 bytes little-endian in
/// 1.0, 4 bytes in 2.0/3.0), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (100, 3), }` padded with spaces and a final
/// newline so the data starts at a multiple of 64 bytes.
public struct NPYHeader: Sendable, Equatable {
    /// The array shape (one or two dimensions).
    public var shape: [Int]
    /// Byte offset of the first value.
    public var dataOffset: Int

    /// Rows: the first dimension.
    public var rowCount: Int { shape[0] }
    /// Values per row: 1 for a vector, else the second dimension.
    public var columns: Int { shape.count == 1 ? 1 : shape[1] }
    /// Total float count (checked against overflow when parsed).
    public var valueCount: Int { rowCount * columns }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The bytes of a version 1.0 header (2.0 if the dict is too long) for a float32 array.
    public static func encode(shape: [Int]) -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(dims), }".utf8)
        let longForm = dict.count + 1 + 10 > 65535
        let prefix = magic.count + 2 + (longForm ? 4 : 2)
        while (prefix + dict.count + 1) % 64 != 0 { dict.append(0x20) }
        dict.append(0x0A)
        var bytes = magic + [longForm ? 2 : 1, 0]
        let length = dict.count
        bytes += longForm
            ? [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
            : [UInt8(length & 0xFF), UInt8(length >> 8)]
        return bytes + dict
    }

    /// Parses and validates a header. `prefix` holds at least the first bytes of the file (up to
    /// the end of the header); `fileSize` is the whole file's size, which must match the shape.
    /// - Throws: `SDFError` naming `path` for anything but a little-endian float32 C-order array
    ///   of one or two dimensions whose data fills the rest of the file exactly.
    public static func parse(_ prefix: [UInt8], fileSize: Int, path: String) throws -> NPYHeader {
        func fail(_ reason: String) -> SDFError { SDFError(reason, path: path) }
        guard prefix.count >= 10, Array(prefix[0..<6]) == magic else { throw fail("not a NumPy .npy file") }
        let major = prefix[6]
        guard (1...3).contains(major) else { throw fail("unsupported .npy format version \(major).\(prefix[7])") }
        let lengthBytes = major == 1 ? 2 : 4
        guard prefix.count >= 8 + lengthBytes else { throw fail("truncated .npy header") }
        var length = 0
        for k in 0..<lengthBytes { length |= Int(prefix[8 + k]) << (8 * k) }
        let start = 8 + lengthBytes
        guard start + length <= prefix.count, start + length <= fileSize else { throw fail("truncated .npy header") }
        guard let text = String(validating: prefix[start..<(start + length)], as: UTF8.self) else {
            throw fail("malformed .npy header")
        }
        let descr = try stringValue(of: "descr", in: text, fail)
        guard descr == "<f4" else {
            let hint = descr == ">f4" ? "big-endian float32" : "dtype '\(descr)'"
            throw fail("\(hint) is not supported; need little-endian float32 ('<f4')")
        }
        guard let fortran = rawValue(of: "fortran_order", in: text) else { throw fail("malformed .npy header: no fortran_order") }
        guard fortran.hasPrefix("False") else {
            throw fail("Fortran-order arrays are not supported; save a C-order array (numpy.ascontiguousarray)")
        }
        let shape = try parseShape(text, fail)
        var values = 1
        for d in shape {
            let (product, overflow) = values.multipliedReportingOverflow(by: d)
            guard !overflow, product <= (Int.max - start - length) / 4 else { throw fail("array shape \(shape) is too large") }
            values = product
        }
        let expected = start + length + 4 * values
        guard expected == fileSize else {
            throw fail(fileSize < expected
                ? "file is truncated: shape \(shape) needs \(expected) bytes, the file has \(fileSize)"
                : "file has \(fileSize - expected) bytes beyond its \(shape) array")
        }
        return NPYHeader(shape: shape, dataOffset: start + length)
    }

    /// The text after `'key':` up to the next comma or brace, trimmed.
    private static func rawValue(of key: String, in text: String) -> Substring? {
        guard let range = text.firstRange(of: "'\(key)'") ?? text.firstRange(of: "\"\(key)\"") else { return nil }
        var rest = text[range.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        return rest
    }

    private static func stringValue(of key: String, in text: String, _ fail: (String) -> SDFError) throws -> String {
        guard let rest = rawValue(of: key, in: text), let quote = rest.first, quote == "'" || quote == "\"",
              let end = rest.dropFirst().firstIndex(of: quote) else {
            throw fail("malformed .npy header: no \(key)")
        }
        return String(rest[rest.index(after: rest.startIndex)..<end])
    }

    private static func parseShape(_ text: String, _ fail: (String) -> SDFError) throws -> [Int] {
        guard let rest = rawValue(of: "shape", in: text), rest.first == "(",
              let close = rest.firstIndex(of: ")") else {
            throw fail("malformed .npy header: no shape")
        }
        let inner = rest[rest.index(after: rest.startIndex)..<close]
        let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        let dims = parts.map { Int($0.hasSuffix("L") ? String($0.dropLast()) : $0) }
        guard dims.allSatisfy({ $0 != nil && $0! >= 0 }) else { throw fail("malformed .npy shape (\(inner))") }
        let shape = dims.map { $0! }
        guard (1...2).contains(shape.count) else {
            throw fail("array has \(shape.count) dimensions; need shape (N,) or (N, k)")
        }
        return shape
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
