import Foundation

/// Hand-built NumPy .npy files (format version 1.0), for tests that need exact or malformed bytes.
public enum NPYBytes {
    /// The magic, version, length and `dictionary` text, padded with spaces and a newline to a
    /// multiple of 64 bytes as NumPy writes it.
    public static func header(_ dictionary: String) -> [UInt8] {
        var text = Array(dictionary.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
    }

    /// The header for a little-endian float32 C-order array of `shape` (written as Python, e.g. "(4, 3)").
    public static func float32Header(shape: String) -> [UInt8] {
        header("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }")
    }

    /// A complete little-endian float32 C-order file of shape (rows, columns).
    public static func float32(_ values: [Float], rows: Int, columns: Int) -> Data {
        var bytes = float32Header(shape: "(\(rows), \(columns))")
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }
}
