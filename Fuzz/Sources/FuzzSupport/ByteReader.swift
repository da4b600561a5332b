/// Consumes a fuzzer input as a stream of small decisions (structure-aware targets).
public struct ByteReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether every byte has been consumed.
    public var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 once the input is exhausted.
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next four bytes as a little-endian `UInt32`.
    public mutating func uint32() -> UInt32 {
        (0..<4).reduce(0) { value, shift in value | UInt32(byte()) << (8 * shift) }
    }

    /// A coordinate biased towards hostile values: NaN, infinities, the extremes of `Float`,
    /// subnormals, zero of both signs, or arbitrary bit patterns.
    public mutating func hostileFloat() -> Float {
        switch byte() % 12 {
        case 0: .nan
        case 1: .infinity
        case 2: -.infinity
        case 3: .greatestFiniteMagnitude
        case 4: -.greatestFiniteMagnitude
        case 5: .leastNonzeroMagnitude
        case 6: -0.0
        case 7: Float(bitPattern: uint32())
        default: Float(Int8(bitPattern: byte())) / 16
        }
    }

    /// The rest of the input.
    public mutating func remainder() -> UnsafeRawBufferPointer {
        defer { offset = bytes.count }
        return UnsafeRawBufferPointer(rebasing: bytes[min(offset, bytes.count)...])
    }
}
