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
        try expectRefused(prefix + Array(Self.cubeElements.utf8) + Array("end_header\n".utf8), reason: reason)
    }

    /// fuzz-mesh (session 2): a binary PLY whose data starts right after `end_header` on the
    /// same line (`end_headera…`) segfaulted Assimp's PLY reader, with or without elements.
    @Test(arguments: ["", cubeElements])
    func dataOnTheEndHeaderLineIsRefused(elements: String) throws {
        let header = "ply\nformat binary_little_endian 1.0\ncomment sd\n" + elements + "end_headera"
        try expectRefused(Array(header.utf8), reason: "PLY end_header is not followed by a line break (damaged file)")
    }

    /// fuzz-mesh (session 2): a damaged `property` keyword (`property[ list …`) whose line runs
    /// into `end_header` segfaulted Assimp's PLY reader; keyword lines outside the PLY grammar
    /// are now refused, and so are unknown types and a missing format line.
    static let ungrammaticalHeaders: [(header: String, reason: String)] = [
        ("ply\nformat binary_little_endian 1.0\nelement vertex 8\nproperty float x\nproperty float y\n"
            + "property float z\nelement face 12\nproperty[ list uchar uint vertex_iend_header\n",
         "PLY header has no end_header (truncated or malformed file)"),
        ("ply\nformat binary_little_endian 1.0\nelement vertex 8\nproperty float x\nproperty float y\n"
            + "property float z\nelement face 12\nproperty[ list uchar uint vertex_i\nend_header\n",
         "PLY header line 'property[ list uchar uint vertex_i' is malformed"),
        ("ply\nformat ascii 1.0\nelement vertex 3\nproperty half x\nend_header\n",
         "PLY header line 'property half x' is malformed"),
        ("ply\nformat ascii 1.0\nproperty float x\nelement vertex 3\nend_header\n",
         "PLY header line 'property float x' is malformed"),
        ("ply\nelement vertex 3\nproperty float x\nend_header\n", "PLY header has no format line"),
        // fuzz-mesh (session 2): no elements, free text, and `end_header` inside a line.
        ("ply\nformat binary_little_endian 1.0\ncom uintH vertex_seeit\ncsend_header\n",
         "PLY header has no end_header (truncated or malformed file)"),
        ("ply\nformat binary_little_endian 1.0\ncomment no elements\nend_header\n",
         "PLY header declares no vertex element"),
    ]

    @Test(arguments: 0..<7)
    func headerLinesOutsideTheGrammarAreRefused(case index: Int) throws {
        let (header, reason) = Self.ungrammaticalHeaders[index]
        try expectRefused(Array(header.utf8), reason: reason)
    }

    /// The same header with a line break after `end_header` is accepted (it is a valid cube).
    @Test func endHeaderFollowedByCRLFIsAccepted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("crlf.ply")
        var bytes = Array("ply\r\nformat ascii 1.0\r\nelement vertex 3\r\nproperty float x\r\n".utf8)
        bytes += Array("property float y\r\nproperty float z\r\nelement face 1\r\n".utf8)
        bytes += Array("property list uchar int vertex_indices\r\nend_header \r\n0 0 0\r\n1 0 0\r\n0 1 0\r\n3 0 1 2\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["info", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(info["triangles"] as? Int == 1 && info["vertices"] as? Int == 3)
    }

    /// fuzz-mesh (session 2): digits glued to the OFF keyword made Assimp allocate 16 GB; counts
    /// too large for an integer slipped past the size check the same way.
    @Test(arguments: ["OFF" + String(repeating: "3", count: 60) + "\n8 6 0\n", "OFF\n99999999999999999999999 6 0\n"])
    func malformedOFFCountsAreRefused(header: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("damaged.off")
        try Data((header + String(repeating: "0 0 0\n", count: 8)).utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(path): OFF header is malformed (the keyword must stand alone, followed by the vertex and face counts)\n")
    }

    static let cubeElements = "element vertex 8\nproperty float x\nproperty float y\nproperty float z\n"
        + "element face 12\nproperty list uchar uint vertex_indices\n"

    /// Writes `header` plus 400 zero bytes as a .ply file and expects `sdfkit info` to refuse it.
    private func expectRefused(_ header: [UInt8], reason: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("damaged.ply")
        try (Data(header) + Data(count: 400)).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["info", path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(path): \(reason)\n")
    }
}
