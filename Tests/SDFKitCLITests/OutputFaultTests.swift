import Foundation
import SDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Writing outputs where writing fails: a read-only directory, a full file system, a file-size
/// limit. Every case must exit 1 with one `error:` line naming the output, leave no partial or
/// temporary file, and keep a pre-existing output untouched.
@Suite struct OutputFaultTests {
    static let input = "/usr/share/assimp/models/Collada/duck.dae"  // 4212 triangles: ~150 KB as .obj
    static let previous = Data("previous contents\n".utf8)

    /// Exit 1, exactly one stderr line `error: …` naming `path`, nothing on stdout.
    static func expectCleanFailure(_ result: CommandRunner.Result, naming path: String,
                                   mentioning reason: String) {
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("error: \(path)") == true, "\(result.stderr)")
        #expect(result.stderr.lowercased().contains(reason), "\(result.stderr)")
    }

    /// The directory holds only `out.obj` with its previous contents: no partial, no temporary.
    static func expectUntouched(_ directory: String) {
        #expect(FaultInjection.listing(directory) == ["out.obj"])
        #expect(FileManager.default.contents(atPath: directory + "/out.obj") == previous)
    }

    @Test func fileSizeLimitFailsCleanlyAndKeepsThePreviousFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let output = dir.file("out.obj")
        try Self.previous.write(to: URL(fileURLWithPath: output))
        let result = try FaultInjection.runWithFileSizeLimit(kilobytes: 16, ["convert", Self.input, output])
        Self.expectCleanFailure(result, naming: output, mentioning: "file too large")
        Self.expectUntouched(dir.path)
        // The limit really was the only obstacle.
        #expect(try CommandRunner.run(["convert", Self.input, output]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)).count > 16 << 10)
    }

    @Test(.enabled(if: FaultInjection.canMount, "needs root with permission to mount a tmpfs"))
    func fullFileSystemFailsCleanlyAndKeepsThePreviousFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FaultInjection.mountTmpfs(at: dir.path, kilobytes: 32)
        defer { FaultInjection.unmount(dir.path) }
        let output = dir.file("out.obj")
        try Self.previous.write(to: URL(fileURLWithPath: output))
        for format in ["obj", "ply", "stl", "glb"] {
            let target = format == "obj" ? output : dir.file("out.\(format)")
            let result = try CommandRunner.run(["convert", Self.input, target])
            Self.expectCleanFailure(result, naming: target, mentioning: "no space left")
            Self.expectUntouched(dir.path)
        }
    }

    @Test(.enabled(if: FaultInjection.canMount, "root ignores permissions; needs a read-only mount"))
    func readOnlyFileSystemFailsBeforeWorkAndKeepsThePreviousFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FaultInjection.mountTmpfs(at: dir.path, kilobytes: 1024)
        defer { FaultInjection.unmount(dir.path) }
        let output = dir.file("out.obj")
        try Self.previous.write(to: URL(fileURLWithPath: output))
        try FaultInjection.remountReadOnly(dir.path)
        let result = try CommandRunner.run(["convert", Self.input, output])
        Self.expectCleanFailure(result, naming: output, mentioning: "not writable")
        Self.expectUntouched(dir.path)
    }

    @Test func readOnlyDirectoryFailsForAnUnprivilegedUser() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let output = dir.file("out.obj")
        try Self.previous.write(to: URL(fileURLWithPath: output))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
        // As root, drop to `nobody` for the child so that directory permissions apply.
        let arguments = ["convert", Self.input, output]
        let result = geteuid() == 0
            ? try FaultInjection.runAsNobody(arguments)
            : try CommandRunner.run(arguments)
        Self.expectCleanFailure(result, naming: output, mentioning: "not writable")
        Self.expectUntouched(dir.path)
    }
}
