import SDFGeometry

/// Writes a `TriangleMesh` to a file whose format follows from the extension, atomically.
public enum MeshExporter {
    /// The formats `write(_:to:)` produces, by lower-case extension.
    public enum Format: String, CaseIterable, Sendable {
        /// Wavefront OBJ: positions and faces, no normals (own writer).
        case obj
        /// Binary little-endian PLY (own writer).
        case ply
        /// Binary STL with face normals (own writer); vertices are not shared in STL.
        case stl
        /// Binary glTF 2.0, through Assimp's exporter.
        case glb
    }

    /// The format for `path`'s extension; throws listing the supported ones otherwise.
    public static func format(for path: String) throws -> Format {
        let ext = MeshImporter.formatName(of: path)
        guard let format = Format(rawValue: ext) else {
            let supported = Format.allCases.map { ".\($0.rawValue)" }.joined(separator: ", ")
            throw SDFError("unsupported output format \"\(ext)\" (supported: \(supported))", path: path)
        }
        return format
    }

    /// Fails before any expensive work when `path` has an unsupported extension or cannot be
    /// written (missing or read-only directory).
    public static func checkDestination(_ path: String) throws {
        _ = try format(for: path)
        try AtomicFile.checkWritable(path)
    }

    /// Writes `mesh` to `path` in the format of its extension. The file appears complete or
    /// not at all (temporary file + rename).
    /// - Throws: `SDFError` for an unsupported extension, an unwritable destination, a mesh
    ///   with out-of-range indices, or a failed write.
    public static func write(_ mesh: TriangleMesh, to path: String) throws {
        let format = try format(for: path)
        try AtomicFile.checkWritable(path)
        if let bad = mesh.indices.first(where: { Int($0) >= mesh.vertexCount }) {
            throw SDFError("mesh index \(bad) out of range (\(mesh.vertexCount) vertices)", path: path)
        }
        switch format {
        case .obj: try AtomicFile.write(to: path) { sink in try OBJWriter.write(mesh, to: &sink) }
        case .ply: try AtomicFile.write(to: path) { sink in try PLYWriter.write(mesh, to: &sink) }
        case .stl: try AtomicFile.write(to: path) { sink in try STLWriter.write(mesh, to: &sink) }
        case .glb: try AtomicFile.write(try GLBExport.encode(mesh, path: path), to: path)
        }
    }
}

/// Wavefront OBJ text: `v x y z` lines (shortest round-trip decimals) and 1-based `f a b c`.
enum OBJWriter {
    static func write(_ mesh: TriangleMesh, to sink: inout FileSink) throws {
        try sink.write("# sdfkit: \(mesh.vertexCount) vertices, \(mesh.triangleCount) triangles\n")
        var line = ""
        for p in mesh.positions {
            line = "v \(p.x) \(p.y) \(p.z)\n"
            try sink.write(line)
        }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            line = "f \(a + 1) \(b + 1) \(c + 1)\n"
            try sink.write(line)
        }
    }
}

/// Binary little-endian PLY: float32 `x y z` vertices, `uchar`-counted `uint` index lists.
enum PLYWriter {
    static func write(_ mesh: TriangleMesh, to sink: inout FileSink) throws {
        try sink.write("""
            ply
            format binary_little_endian 1.0
            comment sdfkit
            element vertex \(mesh.vertexCount)
            property float x
            property float y
            property float z
            element face \(mesh.triangleCount)
            property list uchar uint vertex_indices
            end_header

            """)
        var vertex = [UInt8](repeating: 0, count: 12)
        for p in mesh.positions {
            storeLittleEndian(p, into: &vertex, at: 0)
            try sink.write(vertex)
        }
        var record = [UInt8](repeating: 0, count: 13)
        record[0] = 3
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            storeLittleEndian(a, into: &record, at: 1)
            storeLittleEndian(b, into: &record, at: 5)
            storeLittleEndian(c, into: &record, at: 9)
            try sink.write(record)
        }
    }
}

/// Binary STL: 80-byte header, triangle count, then per triangle its unit normal, three
/// corners and a zero attribute word.
enum STLWriter {
    static func write(_ mesh: TriangleMesh, to sink: inout FileSink) throws {
        var header = Array("sdfkit binary STL".utf8)
        header += [UInt8](repeating: 0x20, count: 80 - header.count)
        try sink.write(header)
        try sink.write(littleEndian: UInt32(mesh.triangleCount))
        var record = [UInt8](repeating: 0, count: 50)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            let n = normalizedOrZero(cross(b - a, c - a))
            storeLittleEndian(n, into: &record, at: 0)
            storeLittleEndian(a, into: &record, at: 12)
            storeLittleEndian(b, into: &record, at: 24)
            storeLittleEndian(c, into: &record, at: 36)
            try sink.write(record)
        }
    }
}

@inline(__always)
private func storeLittleEndian(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
    bytes[offset] = UInt8(truncatingIfNeeded: value)
    bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 16)
    bytes[offset + 3] = UInt8(truncatingIfNeeded: value >> 24)
}

@inline(__always)
private func storeLittleEndian(_ p: SIMD3<Float>, into bytes: inout [UInt8], at offset: Int) {
    storeLittleEndian(p.x.bitPattern, into: &bytes, at: offset)
    storeLittleEndian(p.y.bitPattern, into: &bytes, at: offset + 4)
    storeLittleEndian(p.z.bitPattern, into: &bytes, at: offset + 8)
}
