import Foundation
import SDFTestSupport
import Testing

/// Inputs whose processing cannot fit in memory are refused before the work starts, with the
/// estimate in the message; nothing is allocated from a count in a header before that count is
/// checked against the file's size.
@Suite struct ResourceLimitTests {
    /// A sparse binary STL declaring `triangles` faces, its size consistent with the header (so
    /// the header alone is no reason to refuse it). Takes no disk space.
    static func sparseBinarySTL(triangles: UInt32, at path: String) throws {
        var header = [UInt8](repeating: 0x20, count: 80)
        withUnsafeBytes(of: triangles.littleEndian) { header += $0 }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(header)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 84 + 50 * UInt64(triangles))
        try handle.close()
    }

    /// Every command that reads a mesh goes through the import estimate.
    @Test func meshOfFourBillionTrianglesIsRefusedWithItsEstimate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("huge.stl")
        try Self.sparseBinarySTL(triangles: 4_000_000_000, at: path)  // 200 GB, sparse
        let points = dir.file("points.npy")
        try NPYBytes.float32([0, 0, 0], rows: 1, columns: 3).write(to: URL(fileURLWithPath: points))
        let cube = "/usr/share/assimp/models/PLY/cube.ply"
        let commands = [
            ["info", path], ["convert", path, dir.file("out.ply")],
            ["query", path, points, "-o", dir.file("d.npy")], ["sample", path, "-n", "10", "-o", dir.file("s.npy")],
            ["fit", path, "-o", dir.file("m.sdfnet"), "--steps", "1"], ["extract", path, "--res", "16", "-o", dir.file("e.ply")],
            ["render", path, "-o", dir.file("r.png")], ["slice", path, "-o", dir.file("s.png")],
            ["eval", path, cube], ["eval", cube, path], ["bench-distance", path],
        ]
        for command in commands {
            let result = try CommandRunner.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.hasPrefix("error: \(path): importing about 4000.0 million triangles needs an estimated 2400.0 GB"),
                    "\(command): \(result.stderr)")
        }
        #expect(FaultInjection.listing(dir.path) == ["huge.stl", "points.npy"])
    }

    @Test func tensOfMillionsOfTrianglesAreRefusedUnderASmallerBudget() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("big.stl")
        try Self.sparseBinarySTL(triangles: 30_000_000, at: path)  // 1.5 GB, sparse
        let result = try CommandRunner.run(["info", path], addingEnvironment: ["SDFKIT_MEMORY_LIMIT": "4G"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("importing about 30.0 million triangles needs an estimated 18.0 GB of memory, more than the 4.3 GB budget"),
                "\(result.stderr)")
    }

    @Test func theBudgetDoesNotStopOrdinaryMeshes() throws {
        let path = "/usr/share/assimp/models/PLY/cube.ply"
        let result = try CommandRunner.run(["info", path], addingEnvironment: ["SDFKIT_MEMORY_LIMIT": "64M"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func npyHeaderClaimingATrillionRowsIsRefusedBeforeAllocating() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bytes = NPYBytes.float32Header(shape: "(1000000000000, 3)") + [UInt8](repeating: 0, count: 36)
        let points = dir.file("points.npy")
        try Data(bytes).write(to: URL(fileURLWithPath: points))
        let output = dir.file("distances.npy")
        let result = try CommandRunner.run(["query", "/usr/share/assimp/models/PLY/cube.ply", points, "-o", output])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: \(points): file is truncated: shape [1000000000000, 3] needs 12000000000128 bytes"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
