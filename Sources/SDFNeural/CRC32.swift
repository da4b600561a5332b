/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of model files.
public struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private(set) var value: UInt32 = 0xFFFF_FFFF

    /// Folds `bytes` into the checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var c = value
        Self.table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        value = c
    }

    /// The checksum of everything folded in so far.
    var checksum: UInt32 { value ^ 0xFFFF_FFFF }

    /// The CRC-32 of `bytes` (what zlib's `crc32` returns), e.g. to repair a model file's trailing checksum.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.checksum
    }
}
