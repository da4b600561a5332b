/// Writes NumPy `.npy` float32 arrays (see `NPYHeader`) atomically, streaming rows so a huge
/// array never needs to be held in memory.
public enum NPYWriter {
    /// Writes an array of `shape` to `path`: `body` receives an `append` function to call with
    /// consecutive values (row-major) until exactly `shape`'s count has been appended.
    /// - Throws: `SDFError` if the count does not match or the file cannot be written (the
    ///   destination is then left untouched).
    public static func write(to path: String, shape: [Int],
                             _ body: (_ append: (UnsafeBufferPointer<Float>) throws -> Void) throws -> Void) throws {
        precondition((1...2).contains(shape.count) && shape.allSatisfy { $0 >= 0 })
        let expected = shape.reduce(1, *)
        try AtomicFile.write(to: path) { sink in
            try sink.write(NPYHeader.encode(shape: shape))
            var written = 0
            try body { values in
                guard written + values.count <= expected else {
                    throw SDFError("more values than the declared shape \(shape)", path: path)
                }
                #if _endian(big)
                for v in values { try sink.write(littleEndian: v) }
                #else
                try sink.writeRaw(values)
                #endif
                written += values.count
            }
            guard written == expected else {
                throw SDFError("wrote \(written) values for shape \(shape) (\(expected) expected)", path: path)
            }
        }
    }

    /// Writes `values` with `shape` to `path`.
    public static func write(_ values: [Float], shape: [Int], to path: String) throws {
        try write(to: path, shape: shape) { append in try values.withUnsafeBufferPointer { try append($0) } }
    }

    /// Writes `points` as an (N, 3) array to `path`.
    public static func write(points: [SIMD3<Float>], to path: String) throws {
        try write(to: path, shape: [points.count, 3]) { append in
            try appendPoints(points[...], using: append)
        }
    }

    /// Appends points as packed (x, y, z) rows through an `append` function of `write(to:shape:)`.
    public static func appendPoints(_ points: ArraySlice<SIMD3<Float>>,
                                    using append: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        var packed = [Float]()
        packed.reserveCapacity(3 * min(points.count, 1 << 16))
        var start = points.startIndex
        while start < points.endIndex {
            let end = min(points.endIndex, start + (1 << 16))
            packed.removeAll(keepingCapacity: true)
            for p in points[start..<end] { packed += [p.x, p.y, p.z] }
            try packed.withUnsafeBufferPointer { try append($0) }
            start = end
        }
    }
}
