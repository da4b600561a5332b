import Foundation
import SDFGeometry
import SDFMeshIO
import SDFTestSupport
import Testing

/// Meshes large enough that the writers fill and flush several blocks on several threads: the
/// files are parsed here byte by byte (independently of Assimp) and must hold exactly the mesh.
@Suite struct LargeExportTests {
    /// About 700k triangles and 350k vertices with irregular coordinates.
    static let mesh = TestMeshes.torus(majorRadius: 1.3, minorRadius: 0.37, u: 700, v: 500)
        .transformed { $0 * SIMD3(1, 0.9, 1.1) + SIMD3(0.123, -4.56, 7.89) }

    static func bytes(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    static func point(_ bytes: [UInt8], _ offset: Int) -> SIMD3<Float> {
        SIMD3(Float(bitPattern: uint32(bytes, offset)), Float(bitPattern: uint32(bytes, offset + 4)),
              Float(bitPattern: uint32(bytes, offset + 8)))
    }

    @Test func plyHoldsEveryVertexAndFaceInOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mesh = Self.mesh
        try MeshExporter.write(mesh, to: dir.file("big.ply"))
        let bytes = try Self.bytes(dir.file("big.ply"))
        let marker = Array("end_header\n".utf8)
        let headerEnd = try #require((0..<400).first { Array(bytes[$0..<$0 + marker.count]) == marker })
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        #expect(header.contains("element vertex \(mesh.vertexCount)\n"))
        #expect(header.contains("element face \(mesh.triangleCount)\n"))
        let body = headerEnd + marker.count
        #expect(bytes.count == body + 12 * mesh.vertexCount + 13 * mesh.triangleCount)
        var positionsMatch = true
        for (i, p) in mesh.positions.enumerated() where Self.point(bytes, body + 12 * i) != p {
            positionsMatch = false
        }
        #expect(positionsMatch)
        let faces = body + 12 * mesh.vertexCount
        var facesMatch = true
        for t in 0..<mesh.triangleCount {
            let record = faces + 13 * t
            let (a, b, c) = mesh.triangle(t)
            if bytes[record] != 3 || Self.uint32(bytes, record + 1) != a || Self.uint32(bytes, record + 5) != b
                || Self.uint32(bytes, record + 9) != c { facesMatch = false }
        }
        #expect(facesMatch)
    }

    @Test func stlHoldsEveryTriangleInOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mesh = Self.mesh
        try MeshExporter.write(mesh, to: dir.file("big.stl"))
        let bytes = try Self.bytes(dir.file("big.stl"))
        #expect(bytes.count == 84 + 50 * mesh.triangleCount)
        #expect(Self.uint32(bytes, 80) == UInt32(mesh.triangleCount))
        var match = true
        for t in 0..<mesh.triangleCount {
            let record = 84 + 50 * t
            let (a, b, c) = mesh.corners(t)
            if Self.point(bytes, record + 12) != a || Self.point(bytes, record + 24) != b
                || Self.point(bytes, record + 36) != c || bytes[record + 48] != 0 || bytes[record + 49] != 0 {
                match = false
            }
        }
        #expect(match)
    }

    @Test func objLinesRoundTripExactly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mesh = Self.mesh
        try MeshExporter.write(mesh, to: dir.file("big.obj"))
        let text = String(decoding: try Self.bytes(dir.file("big.obj")), as: UTF8.self)
        var positions: [SIMD3<Float>] = [], indices: [UInt32] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            switch fields.first {
            case "v": positions.append(SIMD3(Float(fields[1])!, Float(fields[2])!, Float(fields[3])!))
            case "f": indices += fields.dropFirst().map { UInt32($0)! - 1 }
            default: break
            }
        }
        #expect(positions == mesh.positions)
        #expect(indices == mesh.indices)
    }

    @Test func emptyMeshWritesHeadersOnly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try MeshExporter.write(TriangleMesh(), to: dir.file("empty.ply"))
        let text = String(decoding: try Self.bytes(dir.file("empty.ply")), as: UTF8.self)
        #expect(text.hasSuffix("end_header\n") && text.contains("element face 0\n"))
        try MeshExporter.write(TriangleMesh(), to: dir.file("empty.stl"))
        #expect(try Self.bytes(dir.file("empty.stl")).count == 84)
    }

    @Test func writeCheckingWritesTheFileAndReturnsItsEdgeUse() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var open = Self.mesh
        open.indices.removeLast(6)
        let written = try MeshExporter.writeChecking(open, to: dir.file("open.ply"))
        let d = open.diagnostics()
        #expect(written.edgeUse == EdgeUse(triangleCount: d.triangleCount, edgeCount: d.edgeCount,
                                           boundaryEdges: d.boundaryEdges, nonManifoldEdges: d.nonManifoldEdges,
                                           inconsistentlyOrientedEdges: d.inconsistentlyOrientedEdges))
        #expect(written.edgeUse.boundaryEdges == 4 && !written.edgeUse.isClosed)
        #expect(try Self.bytes(dir.file("open.ply")).count > 13 * open.triangleCount)
        #expect(throws: SDFError.self) { try MeshExporter.writeChecking(open, to: dir.file("absent/x.ply")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("absent")))
    }
}

