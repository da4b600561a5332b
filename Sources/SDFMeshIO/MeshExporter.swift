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
        try checkIndices(mesh, path: path)
        try write(mesh, as: format, to: path)
    }

    /// Writes `mesh` to `path` in `format` without validating the destination or the indices.
    static func write(_ mesh: TriangleMesh, as format: Format, to path: String) throws {
        switch format {
        case .obj: try AtomicFile.write(to: path) { sink in try OBJWriter.write(mesh, to: &sink) }
        case .ply: try AtomicFile.write(to: path) { sink in try PLYWriter.write(mesh, to: &sink) }
        case .stl: try AtomicFile.write(to: path) { sink in try STLWriter.write(mesh, to: &sink) }
        case .glb: try AtomicFile.write(try GLBExport.encode(mesh, path: path), to: path)
        }
    }
}

extension MeshExporter {
    /// Throws when an index of `mesh` names no vertex.
    static func checkIndices(_ mesh: TriangleMesh, path: String) throws {
        guard !mesh.indices.isEmpty else { return }
        let largest = mesh.indices.withUnsafeBufferPointer(largestIndex)
        if Int(largest) >= mesh.vertexCount {
            throw SDFError("mesh index \(largest) out of range (\(mesh.vertexCount) vertices)", path: path)
        }
    }

    /// The largest of `indices` (0 if empty), on all threads; the plain loop over a buffer
    /// compiles to vector maxima.
    private static func largestIndex(_ indices: UnsafeBufferPointer<UInt32>) -> UInt32 {
        let chunks = Parallelism.chunkCount(count: indices.count, minimumChunk: 1 << 20)
        var maxima = [UInt32](repeating: 0, count: chunks)
        let idx = SendableConstPointer(indices)
        maxima.withUnsafeMutableBufferPointer { maxima in
            let out = SendablePointer(maxima)
            Parallelism.forEachChunk(count: indices.count, minimumChunk: 1 << 20, maxChunks: chunks) { range, c in
                var largest: UInt32 = 0
                for i in range { largest = Swift.max(largest, idx[i]) }
                out[c] = largest
            }
        }
        return maxima.max() ?? 0
    }
}

/// Wavefront OBJ text: `v x y z` lines (shortest round-trip decimals) and 1-based `f a b c`.
enum OBJWriter {
    static func write(_ mesh: TriangleMesh, to sink: inout FileSink) throws {
        try sink.write("# sdfkit: \(mesh.vertexCount) vertices, \(mesh.triangleCount) triangles\n")
        try mesh.positions.withUnsafeBufferPointer { positions in
            let pos = SendableConstPointer(positions)
            try BlockWriter.writeText(count: positions.count, to: &sink) { range, bytes in
                for i in range {
                    let p = pos[i]
                    bytes.append(contentsOf: "v ".utf8)
                    bytes.append(contentsOf: p.x.description.utf8)
                    bytes.append(32)
                    bytes.append(contentsOf: p.y.description.utf8)
                    bytes.append(32)
                    bytes.append(contentsOf: p.z.description.utf8)
                    bytes.append(10)
                }
            }
        }
        try mesh.indices.withUnsafeBufferPointer { indices in
            let idx = SendableConstPointer(indices)
            try BlockWriter.writeText(count: indices.count / 3, to: &sink) { range, bytes in
                for t in range {
                    bytes.append(contentsOf: "f ".utf8)
                    bytes.appendDecimal(idx[3 * t] + 1)
                    bytes.append(32)
                    bytes.appendDecimal(idx[3 * t + 1] + 1)
                    bytes.append(32)
                    bytes.appendDecimal(idx[3 * t + 2] + 1)
                    bytes.append(10)
                }
            }
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
        try mesh.positions.withUnsafeBufferPointer { positions in
            try BlockWriter.writeRecords(count: positions.count, recordSize: 12, to: &sink) { range, out in
                for (n, i) in range.enumerated() { out.storeLittleEndian(positions[i], at: 12 * n) }
            }
        }
        try mesh.indices.withUnsafeBufferPointer { indices in
            try BlockWriter.writeRecords(count: indices.count / 3, recordSize: 13, to: &sink) { range, out in
                for (n, t) in range.enumerated() {
                    out.storeBytes(of: 3, toByteOffset: 13 * n, as: UInt8.self)
                    out.storeLittleEndian(indices[3 * t], at: 13 * n + 1)
                    out.storeLittleEndian(indices[3 * t + 1], at: 13 * n + 5)
                    out.storeLittleEndian(indices[3 * t + 2], at: 13 * n + 9)
                }
            }
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
        try mesh.indices.withUnsafeBufferPointer { indices in
            try mesh.positions.withUnsafeBufferPointer { positions in
                try BlockWriter.writeRecords(count: indices.count / 3, recordSize: 50, to: &sink) { range, out in
                    for (n, t) in range.enumerated() {
                        let a = positions[Int(indices[3 * t])], b = positions[Int(indices[3 * t + 1])]
                        let c = positions[Int(indices[3 * t + 2])]
                        out.storeLittleEndian(normalizedOrZero(cross(b - a, c - a)), at: 50 * n)
                        out.storeLittleEndian(a, at: 50 * n + 12)
                        out.storeLittleEndian(b, at: 50 * n + 24)
                        out.storeLittleEndian(c, at: 50 * n + 36)
                        out.storeBytes(of: 0, toByteOffset: 50 * n + 48, as: UInt16.self)
                    }
                }
            }
        }
    }
}
