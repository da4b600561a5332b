import Foundation
import SDFKit
import SDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Outputs are replaced atomically: a reader running while another process rewrites the file
/// sees the old file or the new one, never a mix or a truncated file.
@Suite struct AtomicReplacementTests {
    /// What the reader thread of `snapshots(of:while:)` saw, shared under a lock.
    final class Observations: @unchecked Sendable {
        private let lock = NSLock()
        private var seen = Set<Data?>()
        private var reads = 0
        private var stopped = false

        /// Records one read; returns false (recording nothing) once `stop()` was called.
        func record(_ contents: Data?) -> Bool {
            lock.withLock {
                guard !stopped else { return false }
                seen.insert(contents)
                reads += 1
                return true
            }
        }

        /// Stops recording and returns what was recorded.
        func stop() -> (seen: Set<Data?>, reads: Int) {
            lock.withLock {
                stopped = true
                return (seen, reads)
            }
        }
    }

    /// Reads `path` as fast as possible while `writer` runs; returns every distinct content seen
    /// while it ran (a missing file is recorded as `nil`). The reader is stopped and joined
    /// before this returns.
    static func snapshots(of path: String, while writer: () throws -> Void) throws -> (seen: Set<Data?>, reads: Int) {
        let observations = Observations()
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread {
            while observations.record(FileManager.default.contents(atPath: path)) {}
            finished.signal()
        }
        reader.start()
        defer { finished.wait() }
        let result: Result<Void, any Error> = Result { try writer() }
        let observed = observations.stop()
        try result.get()
        return observed
    }

    @Test func convertOutputIsReplacedWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let models = "/usr/share/assimp/models"
        let inputs = [models + "/Collada/duck.dae", models + "/OBJ/spider.obj"]
        // The two possible contents, written once each beforehand.
        var expected: Set<Data?> = []
        for (i, input) in inputs.enumerated() {
            let reference = dir.file("reference\(i).obj")
            #expect(try CommandRunner.run(["convert", input, reference]).status == 0)
            expected.insert(try Data(contentsOf: URL(fileURLWithPath: reference)))
        }
        #expect(expected.count == 2)
        let output = dir.file("out.obj")
        #expect(try CommandRunner.run(["convert", inputs[0], output]).status == 0)
        let (seen, reads) = try Self.snapshots(of: output) { () throws in
            for round in 0..<12 {
                #expect(try CommandRunner.run(["convert", inputs[round % 2], output]).status == 0)
            }
        }
        // The writer alternates the two contents, so a reader racing it sees both, and nothing else.
        #expect(seen == expected, "after \(reads) reads a reader saw \(seen.map { $0?.count ?? -1 }) bytes")
        #expect(FaultInjection.temporaryFiles(for: "out.obj", in: dir.path).isEmpty)
    }

    @Test func extractOutputIsReplacedWhole() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let scene = dir.file("torus.json")
        try SceneFile.write(Torus(majorRadius: 1, minorRadius: 0.4).node, to: scene)
        let resolutions = ["48", "56"]
        var expected: Set<Data?> = []
        for (i, res) in resolutions.enumerated() {
            let reference = dir.file("reference\(i).ply")
            #expect(try CommandRunner.run(["extract", scene, "--res", res, "-o", reference]).status == 0)
            expected.insert(try Data(contentsOf: URL(fileURLWithPath: reference)))
        }
        #expect(expected.count == 2)
        let output = dir.file("out.ply")
        #expect(try CommandRunner.run(["extract", scene, "--res", resolutions[0], "-o", output]).status == 0)
        let (seen, reads) = try Self.snapshots(of: output) { () throws in
            for round in 0..<10 {
                let res = resolutions[round % 2]
                #expect(try CommandRunner.run(["extract", scene, "--res", res, "-o", output]).status == 0)
            }
        }
        // The writer alternates the two contents, so a reader racing it sees both, and nothing else.
        #expect(seen == expected, "after \(reads) reads a reader saw \(seen.map { $0?.count ?? -1 }) bytes")
        #expect(FaultInjection.temporaryFiles(for: "out.ply", in: dir.path).isEmpty)
    }
}
