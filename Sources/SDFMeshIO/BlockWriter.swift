import SDFGeometry

/// Streams a file body made of many small items through one reused block buffer, handed to the
/// sink in one write per block: no per-item allocation and no copy of the whole mesh.
///
/// Binary records are filled on the calling thread into a block small enough to stay in the
/// core's cache while the kernel copies it into the page cache (filling is cheaper than that
/// copy; `MeshExporter.writeChecking` runs the mesh check on the other core meanwhile). Text is
/// formatted on all threads, since formatting costs more than writing.
enum BlockWriter {
    /// Bytes per block of fixed-size records (fits the L2 cache).
    static let blockBytes = 1 << 18
    /// Items per block of text lines.
    static let textBlockItems = 1 << 16

    /// Writes `count` records of `recordSize` bytes; `fill(range, destination)` stores the records
    /// of `range` contiguously from `destination`.
    static func writeRecords(
        count: Int, recordSize: Int, to sink: inout FileSink,
        fill: (Range<Int>, UnsafeMutableRawPointer) -> Void
    ) throws {
        guard count > 0 else { return }
        let perBlock = Swift.max(1, blockBytes / recordSize)
        let block = UnsafeMutableRawPointer.allocate(byteCount: perBlock * recordSize, alignment: 16)
        defer { block.deallocate() }
        var first = 0
        while first < count {
            let items = first..<Swift.min(count, first + perBlock)
            fill(items, block)
            try sink.write(UnsafeRawBufferPointer(start: block, count: items.count * recordSize))
            first = items.upperBound
        }
    }

    /// Writes `count` variable-length text items; `format(range, &bytes)` appends the UTF-8 of the
    /// items of `range` in order (called concurrently on disjoint ranges).
    static func writeText(
        count: Int, to sink: inout FileSink, format: @Sendable (Range<Int>, inout [UInt8]) -> Void
    ) throws {
        let chunks = Parallelism.threadCount
        var pieces = [[UInt8]](repeating: [], count: chunks)
        var first = 0
        while first < count {
            let items = first..<Swift.min(count, first + textBlockItems)
            for c in 0..<chunks { pieces[c].removeAll(keepingCapacity: true) }
            pieces.withUnsafeMutableBufferPointer { pieces in
                let out = SendablePointer(pieces)
                Parallelism.forEachChunk(count: items.count, minimumChunk: 1 << 12, maxChunks: chunks) { part, c in
                    format((items.lowerBound + part.lowerBound)..<(items.lowerBound + part.upperBound),
                           &out.base[c])
                }
            }
            for piece in pieces {
                try piece.withUnsafeBytes { try sink.write($0) }
            }
            first = items.upperBound
        }
    }
}

extension UnsafeMutableRawPointer {
    /// Stores `value` little-endian at `offset` (any alignment).
    @inline(__always)
    func storeLittleEndian(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Stores the three coordinates of `p` as little-endian float32 from `offset`.
    @inline(__always)
    func storeLittleEndian(_ p: SIMD3<Float>, at offset: Int) {
        storeLittleEndian(p.x.bitPattern, at: offset)
        storeLittleEndian(p.y.bitPattern, at: offset + 4)
        storeLittleEndian(p.z.bitPattern, at: offset + 8)
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `value`.
    @inline(__always)
    mutating func appendDecimal(_ value: UInt32) {
        var digits = 1, limit: UInt64 = 10
        while UInt64(value) >= limit {
            digits += 1
            limit *= 10
        }
        let end = count + digits
        append(contentsOf: repeatElement(48, count: digits))
        var n = value
        for position in stride(from: end - 1, through: end - digits, by: -1) {
            self[position] = UInt8(truncatingIfNeeded: 48 + n % 10)
            n /= 10
        }
    }
}
