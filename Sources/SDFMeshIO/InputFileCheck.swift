#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SDFGeometry

/// Checks made before a file reaches Assimp, so that common mistakes get a clear reason.
enum InputFileCheck {
    /// Throws unless `path` is a non-empty regular file this process can read; returns its size.
    @discardableResult
    static func checkReadable(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SDFError(errnoText().lowercased(), path: path) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw SDFError("is a directory", path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw SDFError("not a regular file", path: path) }
        guard info.st_size > 0 else { throw SDFError("file is empty", path: path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SDFError("cannot open: \(errnoText().lowercased())", path: path) }
        close(fd)
        return Int(info.st_size)
    }

    /// Up to `count` bytes from the start of the file.
    static func readPrefix(_ path: String, count: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SDFError("cannot open: \(errnoText().lowercased())", path: path) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress!, count) }
        guard n >= 0 else { throw SDFError("cannot read: \(errnoText().lowercased())", path: path) }
        return Array(bytes[0..<n])
    }
}
