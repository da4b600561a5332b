import SDFGeometry

/// Streams a file body made of many small items through one reused block buffer: each block is
/// filled on all threads, then handed to the sink in one write. No per-item allocation and no
/// copy of the whole mesh.
enum BlockWriter {
    /// Bytes per block of fixed-size records.
    static let blockBytes = 1 << 23
    /// Items per block of text lines.
    static let textBlockItems = 1 << 16

    /// Writes `count` records of `recordSize` bytes; `fill(range, destination)` stores the records
    /// of `range` contiguously from `destination` (called concurrently on disjoint ranges).
    static func writeRecords(
        count: Int, recordSize: Int, to sink: inout FileSink,
        fill: @Sendable (Range<Int>, UnsafeMutableRawPointer) -> Void
    ) throws {
        guard count > 0 else { return }
        let perBlock = Swift.max(1, blockBytes / recordSize)
        let block = UnsafeMutableRawPointer.allocate(byteCount: perBlock * recordSize, alignment: 16)
        defer { block.deallocate() }
        let base = SendablePointer(block.assumingMemoryBound(to: UInt8.self))
        var first = 0
        while first < count {
            let items = first..<Swift.min(count, first + perBlock)
            Parallelism.forEachChunk(count: items.count, minimumChunk: 1 << 14) { part, _ in
                fill((items.lowerBound + part.lowerBound)..<(items.lowerBound + part.upperBound),
                     UnsafeMutableRawPointer(base.base + part.lowerBound * recordSize))
            }
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
            let used = Parallelism.chunkCount(count: items.count, minimumChunk: 1 << 12, maxChunks: chunks)
            pieces.withUnsafeMutableBufferPointer { pieces in
                let out = SendablePointer(pieces)
                Parallelism.forEachChunk(count: items.count, minimumChunk: 1 << 12, maxChunks: chunks) { part, c in
                    out.base[c].removeAll(keepingCapacity: true)
                    format((items.lowerBound + part.lowerBound)..<(items.lowerBound + part.upperBound),
                           &out.base[c])
                }
            }
            for c in 0..<used {
                try pieces[c].withUnsafeBytes { try sink.write($0) }
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
