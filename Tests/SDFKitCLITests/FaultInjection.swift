import Foundation
import SDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Ways to make writing fail for a child `sdfkit` process: a read-only or a full directory, a
/// file-size limit, and signals at a chosen moment.
enum FaultInjection {
    /// Whether this process may mount file systems (root with CAP_SYS_ADMIN), checked once.
    static let canMount: Bool = {
        guard geteuid() == 0, let dir = try? TemporaryDirectory() else { return false }
        defer { dir.remove() }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir.path]) else { return false }
        return run("/bin/umount", [dir.path])
    }()

    /// Mounts a tmpfs of `kilobytes` at `path` (read-only if asked); `unmount(path)` undoes it.
    static func mountTmpfs(at path: String, kilobytes: Int, readOnly: Bool = false) throws {
        let options = "size=\(kilobytes)k" + (readOnly ? ",ro" : "")
        try #require(run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]), "mount tmpfs at \(path)")
    }

    /// Remounts the tmpfs at `path` read-only.
    static func remountReadOnly(_ path: String) throws {
        try #require(run("/bin/mount", ["-o", "remount,ro", path]), "remount \(path) read-only")
    }

    static func unmount(_ path: String) {
        _ = run("/bin/umount", [path])
    }

    /// Runs `sdfkit arguments…` with its file-size limit (RLIMIT_FSIZE) set to `kilobytes`, so
    /// that writing beyond it fails the way a full disk does (EFBIG instead of ENOSPC).
    static func runWithFileSizeLimit(kilobytes: Int, _ arguments: [String]) throws -> CommandRunner.Result {
        let blocks = kilobytes * 2  // POSIX sh counts 512-byte blocks
        let script = "ulimit -f \(blocks) && exec \"$0\" \"$@\""
        return try CommandRunner.run(tool: "/bin/sh", ["-c", script, CommandRunner.executable.path] + arguments)
    }

    /// Runs `sdfkit arguments…` as user `nobody` (for tests of permissions, which root ignores).
    static func runAsNobody(_ arguments: [String]) throws -> CommandRunner.Result {
        let drop = ["--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.executable.path]
        return try CommandRunner.run(tool: "/usr/bin/setpriv", drop + arguments)
    }

    /// Starts `sdfkit arguments…` and returns the running process (output discarded).
    ///
    /// The child starts with SIGINT and SIGTERM blocked, as it would from a libdispatch worker
    /// thread (a child inherits its spawning thread's mask): sdfkit must unblock them itself.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.environment = CommandRunner.environment(adding: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var signals = sigset_t(), saved = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
        return process
    }

    /// Waits until `condition` holds or `seconds` pass; returns whether it held.
    static func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    /// Names in `directory`, sorted.
    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// The hidden temporary files `AtomicFile` creates beside `name` in `directory`.
    static func temporaryFiles(for name: String, in directory: String) -> [String] {
        listing(directory).filter { $0.hasPrefix(".\(name).tmp-") }
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        (try? CommandRunner.run(tool: tool, arguments).status) == 0
    }
}
