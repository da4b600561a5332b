import Foundation
import SDFTestSupport
import Testing

/// Inputs found by `make fuzz`, minimized by hand, that once crashed or hung sdfkit.
@Suite struct FuzzRegressionTests {
    /// fuzz-mesh: a PLY header without `end_header` whose magic is `plY` passed the guard
    /// (which compared the magic case-sensitively) and crashed Assimp's PLY reader.
    @Test(arguments: ["plY", "PLY", "Ply"])
    func plyWithoutEndHeaderIsRefusedWhateverTheMagicsCase(magic: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("noend.ply")
        let header = "\(magic)\nformat binary_little_endian 1.0\nelement vertex 8\nproperty float x\n"
            + "element face 12\nproperty list uchar uint vertex_indices\n"
        try (Data(header.utf8) + Data(count: 200)).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(path): PLY header has no end_header (truncated or malformed file)\n")
    }
}
