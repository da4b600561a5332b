#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically: data goes to a temporary file in the destination's directory, is
/// flushed to disk, and only then renamed over the destination. Readers see the old file or the
/// new one, never a mix; a failure or an interrupt never leaves a partial file at `path`.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { sink in try sink.write(bytes) }
    }

    /// Creates a temporary file beside `path`, lets `body` stream into it, then renames it over
    /// `path`. The temporary file is removed if `body` throws or the process is interrupted.
    public static func write(to path: String, _ body: (inout FileSink) throws -> Void) throws {
        let directory = parentDirectory(of: path)
        try checkWritableDirectory(directory, for: path)
        let (fd, temporary) = try createTemporaryFile(in: directory, for: path)
        defer { InterruptCleanup.unregister(temporary) }
        var sink = FileSink(descriptor: fd, path: path)
        do {
            try body(&sink)
            try sink.flush()
            guard fsync(fd) == 0 else { throw SDFError("cannot flush: \(errnoText())", path: path) }
            fchmod(fd, 0o644)
            close(fd)
            guard rename(temporary, path) == 0 else {
                throw SDFError("cannot rename into place: \(errnoText())", path: path)
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    /// Fails early (before any expensive work) when `path` cannot be written.
    public static func checkWritable(_ path: String) throws {
        try checkWritableDirectory(parentDirectory(of: path), for: path)
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw SDFError("is a directory", path: path)
        }
    }

    /// Creates the hidden file `DIRECTORY/.NAME.tmp-XXXXXX` (six random letters or digits) for
    /// `path`. The name is registered for interrupt cleanup before the file exists (unlike
    /// `mkstemp`, which names it only after creating it), so no signal can leave it behind.
    static func createTemporaryFile(in directory: String, for path: String) throws -> (descriptor: Int32, path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String((0..<6).map { _ in characters.randomElement(using: &random)! })
            let temporary = "\(directory)/.\(name).tmp-\(suffix)"
            InterruptCleanup.register(temporary)
            let fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, temporary) }
            let failure = errno
            InterruptCleanup.unregister(temporary)
            guard failure == EEXIST else {
                throw SDFError("cannot create a temporary file: \(String(cString: strerror(failure)))", path: path)
            }
        }
        throw SDFError("cannot create a temporary file: 100 names taken", path: path)
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    static func checkWritableDirectory(_ directory: String, for path: String) throws {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw SDFError("directory \(directory) does not exist", path: path)
        }
        guard access(directory, W_OK) == 0 else {
            throw SDFError("directory \(directory) is not writable", path: path)
        }
    }
}

/// A buffered writer into an open file descriptor (used through `AtomicFile.write`).
public struct FileSink {
    let descriptor: Int32
    let path: String
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(Self.capacity)
    }

    /// Appends bytes.
    public mutating func write(_ bytes: some Collection<UInt8>) throws {
        try append(bytes)
    }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Appends the raw bytes of a buffer of trivial values.
    public mutating func writeRaw<T>(_ values: UnsafeBufferPointer<T>) throws {
        try write(UnsafeRawBufferPointer(values))
    }

    /// Appends raw bytes; a block of 64 KiB or more goes to the file directly, without a copy.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= 1 << 16 else { return try append(bytes) }
        try flush()
        try writeToFile(bytes)
    }

    /// Copies `bytes` into the buffer, flushing it once full.
    private mutating func append(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends a little-endian `UInt32`.
    public mutating func write(littleEndian value: UInt32) throws {
        try write(withUnsafeBytes(of: value.littleEndian) { Array($0) })
    }

    /// Appends a little-endian `Float`.
    public mutating func write(littleEndian value: Float) throws {
        try write(littleEndian: value.bitPattern)
    }

    mutating func flush() throws {
        try buffer.withUnsafeBytes { try writeToFile($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeToFile(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SDFError("write failed: \(errnoText())", path: path)
            }
            offset += n
        }
    }
}

/// The text of the current `errno`.
public func errnoText() -> String {
    String(cString: strerror(errno))
}
