import Foundation
import SDFGeometry
import SDFMeshIO
import SDFTestSupport
import Testing

@Suite struct ExportTests {
    /// A closed mesh with irregular coordinates (so decimal round trips are exercised).
    static let mesh = TestMeshes.torus(majorRadius: 1.3, minorRadius: 0.37, u: 40, v: 17)
        .transformed { $0 * SIMD3(1, 0.9, 1.1) + SIMD3(0.123, -4.56, 7.89) }

    /// Checks that `imported` is `original` up to vertex order: each imported vertex lies within
    /// `tolerance` of a distinct original vertex and the triangles map onto the original ones
    /// with the same winding.
    static func expectSameMesh(_ imported: TriangleMesh, _ original: TriangleMesh, tolerance: Float) {
        #expect(imported.vertexCount == original.vertexCount)
        #expect(imported.triangleCount == original.triangleCount)
        let toOriginal = imported.positions.map { p in
            original.positions.indices.min { lengthSquared(original.positions[$0] - p)
                < lengthSquared(original.positions[$1] - p) }!
        }
        #expect(Set(toOriginal).count == original.vertexCount)
        for (p, o) in zip(imported.positions, toOriginal) {
            #expect(length(p - original.positions[o]) <= tolerance)
        }
        func rotatedTriples(_ m: TriangleMesh, _ map: (UInt32) -> Int) -> Set<[Int]> {
            Set((0..<m.triangleCount).map { t -> [Int] in
                let (a, b, c) = m.triangle(t)
                let corners = [map(a), map(b), map(c)]
                let first = corners.indices.min { corners[$0] < corners[$1] }!
                return Array(corners[first...] + corners[..<first])
            })
        }
        #expect(rotatedTriples(imported) { toOriginal[Int($0)] } == rotatedTriples(original) { Int($0) })
    }

    @Test(arguments: MeshExporter.Format.allCases)
    func roundTripKeepsCountsPositionsAndWinding(format: MeshExporter.Format) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("mesh." + format.rawValue)
        try MeshExporter.write(Self.mesh, to: path)
        let imported = try MeshImporter.load(path)
        #expect(imported.removedDegenerateTriangles == 0 && imported.warnings.isEmpty)
        #expect(imported.diagnostics.isWatertight && imported.diagnostics.genus == 1)
        // Binary formats carry the floats bit for bit; Assimp's OBJ number parser is not exact.
        let tolerance: Float = format == .obj ? 1e-6 * Self.mesh.bounds.diagonal : 0
        Self.expectSameMesh(imported.mesh, Self.mesh, tolerance: tolerance)
    }

    @Test func stlCarriesUnitFaceNormals() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cube = TestMeshes.cube()
        try MeshExporter.write(cube, to: dir.file("cube.stl"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.file("cube.stl"))))
        #expect(bytes.count == 84 + 50 * 12)
        func float(_ offset: Int) -> Float {
            Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                  | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        for (t, expected) in cube.faceNormals().enumerated() {
            let base = 84 + 50 * t
            #expect(SIMD3(float(base), float(base + 4), float(base + 8)) == expected)
        }
    }

    @Test func unsupportedExtensionListsTheSupportedOnes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let error = #expect(throws: SDFError.self) { try MeshExporter.write(Self.mesh, to: dir.file("mesh.fbx")) }
        #expect(error?.reason.contains(".obj, .ply, .stl, .glb") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.file("mesh.fbx")))
    }

    @Test func missingDirectoryFailsWithoutLeavingFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let error = #expect(throws: SDFError.self) {
            try MeshExporter.write(Self.mesh, to: dir.file("absent/mesh.obj"))
        }
        #expect(error?.reason.contains("does not exist") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func outOfRangeIndicesAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0)], indices: [0, 1, 2])
        #expect(throws: SDFError.self) { try MeshExporter.write(bad, to: dir.file("bad.ply")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func writeCheckingRefusesOutOfRangeIndicesWithAnError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bad = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), SIMD3(0, 1, 0)], indices: [0, 1, 2, 0, 2, 7])
        let error = #expect(throws: SDFError.self) { try MeshExporter.writeChecking(bad, to: dir.file("bad.obj")) }
        #expect(error?.reason.contains("out of range") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
