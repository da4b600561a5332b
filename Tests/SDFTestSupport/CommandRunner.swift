import Foundation

/// Runs the built `sdfkit` executable (the one beside the test bundle) for end-to-end CLI tests.
public enum CommandRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The `sdfkit` binary of the same build as the running tests.
    public static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Linux: …/release/sdfkitPackageTests.xctest; macOS: …/sdfkitPackageTests.xctest/Contents/MacOS/…
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("sdfkit").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("sdfkit")
    }

    /// Runs `sdfkit arguments…` and captures its status and output.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        try run(tool: executable.path, arguments, environment: environment)
    }

    /// Runs `sdfkit arguments…` with this process's environment plus `extra` (whose values win).
    public static func run(_ arguments: [String], addingEnvironment extra: [String: String]) throws -> Result {
        try run(arguments, environment: environment(adding: extra))
    }

    /// This process's environment with `extra` added (its values win).
    public static func environment(adding extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { $1 }
    }

    /// Runs any program and captures its status and output.
    public static func run(tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently with the process to avoid pipe-buffer deadlocks.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String
    public init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sdfkit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }
    /// `path/name`.
    public func file(_ name: String) -> String { path + "/" + name }
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
