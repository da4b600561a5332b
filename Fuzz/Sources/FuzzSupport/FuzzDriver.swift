#if canImport(Glibc)
import Glibc
#endif

/// The C signature libFuzzer calls once per input.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback) -> CInt

/// Entry point shared by the fuzz targets.
///
/// `fuzz-X --write-seeds DIR` writes the target's seed corpus (valid inputs made by sdfkit's own
/// writers) and exits; any other invocation hands the command line to libFuzzer, which calls
/// `callback` once per input.
public enum FuzzDriver {
    nonisolated(unsafe) private static var body: ((UnsafeRawBufferPointer) -> Void)?

    /// Runs libFuzzer (or the seed writer) and exits with its status.
    public static func main(seeds: (String) throws -> [String: [UInt8]],
                            _ test: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            do {
                for (name, bytes) in try seeds(arguments[2]) {
                    try writeFile(arguments[2] + "/" + name, bytes)
                }
                exit(0)
            } catch {
                let message = Array("seed writer failed: \(error)\n".utf8)
                _ = Glibc.write(2, message, message.count)
                exit(1)
            }
        }
        body = test
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.body?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
    }

    /// Writes `bytes` to `path` (plain, non-atomic: scratch files of the fuzzer only).
    public static func writeFile(_ path: String, _ bytes: some Collection<UInt8>) throws {
        guard let file = fopen(path, "wb") else { throw FuzzError("cannot create \(path)") }
        defer { fclose(file) }
        let array = Array(bytes)
        guard array.isEmpty || fwrite(array, 1, array.count, file) == array.count else {
            throw FuzzError("cannot write \(path)")
        }
    }

    /// The whole file at `path`.
    public static func readFile(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw FuzzError("cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = fread(&chunk, 1, chunk.count, file), n > 0 {
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// A scratch path unique to this process, in shared memory when available.
    public static func scratchPath(_ suffix: String) -> String {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(directory)/sdfkit-fuzz-\(getpid())\(suffix)"
    }
}

/// A failure of the fuzzing harness itself (never of the code under test).
public struct FuzzError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
