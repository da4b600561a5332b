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

    /// fuzz-mesh: a binary PLY whose magic is preceded by a control byte and whose header holds
    /// non-ASCII bytes segfaulted Assimp's PLY reader; both damaged headers are now refused.
    static let damagedHeaders: [(prefix: [UInt8], reason: String)] = [
        (prefix: [UInt8(2)] + Array("ply\nformat binary_little_endian 1.0\n".utf8),
         reason: "not a PLY file (it does not start with the line 'ply')"),
        (prefix: Array("ply\nformat binary_little_endian 1.0".utf8) + [UInt8(0xF9), UInt8(0x9C)]
            + Array("omment x\n".utf8),
         reason: "PLY header holds bytes that are not printable text (damaged file)"),
    ]

    @Test(arguments: 0..<2)
    func damagedPLYHeaderIsRefused(case index: Int) throws {
        let (prefix, reason) = Self.damagedHeaders[index]
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("damaged.ply")
        let header = Array("element vertex 8\nproperty float x\nproperty float y\nproperty float z\n".utf8)
            + Array("element face 12\nproperty list uchar uint vertex_indices\nend_header\n".utf8)
        try (Data(prefix + header) + Data(count: 400)).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(path): \(reason)\n")
    }
}
