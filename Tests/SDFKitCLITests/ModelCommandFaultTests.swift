import Foundation
import SDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `fit` under faults: interrupted at any moment, its model read while rewritten, and run twice
/// with the same seed and thread count.
@Suite struct ModelCommandFaultTests {
    static let mesh = "/usr/share/assimp/models/PLY/cube.ply"
    static let threads = ["SDFKIT_THREADS": "2"]

    /// A small, fast fit configuration; `extra` adds or overrides options.
    static func fit(_ output: String, seed: Int = 3, steps: Int = 30, _ extra: [String] = []) -> [String] {
        ["fit", mesh, "-o", output, "--steps", String(steps), "--seed", String(seed), "--levels", "4",
         "--log2-table-size", "12", "--width", "16", "--depth", "1", "--batch-size", "1024",
         "--eval-points", "1000"] + extra
    }

    static func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, addingEnvironment: threads)
    }

    @Test func fitIsReproducibleForASeedAndThreadCount() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for (name, seed) in [("a", 3), ("b", 3), ("c", 4)] {
            let result = try Self.run(Self.fit(dir.file("\(name).sdfnet"), seed: seed))
            try #require(result.status == 0, "\(result.stderr)")
        }
        let models = try ["a", "b", "c"].map { try Data(contentsOf: URL(fileURLWithPath: dir.file("\($0).sdfnet"))) }
        #expect(models[0] == models[1])
        #expect(models[0] != models[2])
    }

    @Test(arguments: [SIGINT, SIGKILL])
    func fitIsAllOrNothing(signal: Int32) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let output = dir.file("model.sdfnet")
        try InterruptionTests.checkInterruptions(Self.fit(output, steps: 150), output: output, signal: signal,
                                                 environment: Self.threads)
    }

    @Test func aModelReadWhileRewrittenIsTheOldOrTheNewOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var expected: Set<Data?> = []
        for seed in [5, 6] {
            let reference = dir.file("reference\(seed).sdfnet")
            try #require(try Self.run(Self.fit(reference, seed: seed, steps: 5)).status == 0)
            expected.insert(try Data(contentsOf: URL(fileURLWithPath: reference)))
        }
        let output = dir.file("model.sdfnet")
        try #require(try Self.run(Self.fit(output, seed: 5, steps: 5)).status == 0)
        let (seen, reads) = try AtomicReplacementTests.snapshots(of: output) { () throws in
            for round in 0..<6 {
                #expect(try Self.run(Self.fit(output, seed: 5 + round % 2, steps: 5)).status == 0)
            }
        }
        // The writer alternates the two models, so a reader racing it sees both, and nothing else.
        #expect(seen == expected, "after \(reads) reads a reader saw \(seen.map { $0?.count ?? -1 }) bytes")
    }
}