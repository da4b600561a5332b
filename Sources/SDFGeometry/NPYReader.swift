#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a NumPy `.npy` float32 array (see `NPYHeader`) sequentially in chunks, so arrays larger
/// than memory stream through. The header is validated against the file size before anything
/// is allocated.
public final class NPYReader {
    /// The validated header.
    public let header: NPYHeader
    /// The file read.
    public let path: String
    private let descriptor: Int32
    private var rowsRead = 0
    private var scratch: [Float] = []

    /// Opens `path` and validates its header.
    /// - Throws: `SDFError` for unreadable files and anything `NPYHeader.parse` rejects.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SDFError("cannot open: \(errnoText())", path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw SDFError("not a regular file", path: path)
        }
        var prefix = [UInt8](repeating: 0, count: Int(min(Int64(info.st_size), 1 << 16)))
        do {
            let got = try prefix.withUnsafeMutableBytes { try Self.readFully(fd, into: $0, path: path) }
            prefix.removeLast(prefix.count - got)
            header = try NPYHeader.parse(prefix, fileSize: Int(info.st_size), path: path)
        } catch {
            close(fd)
            throw error
        }
        descriptor = fd
        guard lseek(fd, off_t(header.dataOffset), SEEK_SET) == off_t(header.dataOffset) else {
            throw SDFError("cannot seek: \(errnoText())", path: path)
        }
    }

    deinit { close(descriptor) }

    /// Rows not read yet.
    public var remainingRows: Int { header.rowCount - rowsRead }

    /// Fails unless the array has shape (N, `columns`) — or (N,) when `columns` is 1.
    public func require(columns: Int) throws {
        let ok = columns == 1 ? header.shape.count == 1 || header.columns == 1 : header.shape.count == 2 && header.columns == columns
        guard ok else {
            let want = columns == 1 ? "(N,)" : "(N, \(columns))"
            throw SDFError("array has shape \(header.shape); need \(want) float32", path: path)
        }
    }

    /// Reads the next rows into `values` (a whole number of rows, `columns` floats each);
    /// returns the rows read (0 at the end).
    public func readRows(into values: UnsafeMutableBufferPointer<Float>) throws -> Int {
        let rows = min(remainingRows, values.count / max(header.columns, 1))
        guard rows > 0 else { return 0 }
        let bytes = rows * header.columns * 4
        let got = try Self.readFully(descriptor, into: UnsafeMutableRawBufferPointer(start: values.baseAddress, count: bytes), path: path)
        guard got == bytes else { throw SDFError("file is truncated", path: path) }
        #if _endian(big)
        for i in 0..<(rows * header.columns) { values[i] = Float(bitPattern: UInt32(littleEndian: values[i].bitPattern)) }
        #endif
        rowsRead += rows
        return rows
    }

    /// Reads the next points of an (N, 3) array into `points`; returns how many (0 at the end).
    public func readPoints(into points: UnsafeMutableBufferPointer<SIMD3<Float>>) throws -> Int {
        try require(columns: 3)
        var total = 0
        while total < points.count && remainingRows > 0 {
            let count = min(points.count - total, remainingRows, 1 << 16)
            if scratch.count < 3 * count { scratch = [Float](repeating: 0, count: 3 * count) }
            let rows = try scratch.withUnsafeMutableBufferPointer {
                try readRows(into: UnsafeMutableBufferPointer(rebasing: $0[0..<(3 * count)]))
            }
            for i in 0..<rows {
                points[total + i] = SIMD3(scratch[3 * i], scratch[3 * i + 1], scratch[3 * i + 2])
            }
            total += rows
        }
        return total
    }

    /// Convenience: every point of the (N, 3) array at `path`.
    public static func readPoints(path: String) throws -> [SIMD3<Float>] {
        let reader = try NPYReader(path: path)
        try reader.require(columns: 3)
        var points = [SIMD3<Float>](repeating: .zero, count: reader.header.rowCount)
        _ = try points.withUnsafeMutableBufferPointer { try reader.readPoints(into: $0) }
        return points
    }

    /// Convenience: every value of the array at `path`, row-major, with its shape.
    public static func readValues(path: String) throws -> (values: [Float], shape: [Int]) {
        let reader = try NPYReader(path: path)
        var values = [Float](repeating: 0, count: reader.header.valueCount)
        _ = try values.withUnsafeMutableBufferPointer { try reader.readRows(into: $0) }
        return (values, reader.header.shape)
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        var offset = 0
        while offset < buffer.count {
            let n = read(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SDFError("read failed: \(errnoText())", path: path)
            }
            if n == 0 { break }
            offset += n
        }
        return offset
    }
}
