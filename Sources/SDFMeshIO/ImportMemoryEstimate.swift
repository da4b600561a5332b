import SDFGeometry

/// Refuses meshes whose import would not fit in memory before Assimp reads a byte of them.
///
/// Peak memory of an import grows with the triangle count: Assimp's scene with per-corner
/// vertices, its vertex joining, sdfkit's flattened copy, welding and diagnostics. Measured with
/// `/usr/bin/time -v sdfkit info` on a 2-million-triangle torus: 1.18 GB peak for both a binary
/// STL and an OBJ, 590 bytes per triangle; `bytesPerTriangle` rounds that up.
///
/// The triangle count is exact for binary STL (its header, checked against the file size) and
/// otherwise estimated from the file size at typical bytes per triangle: 19 for binary PLY
/// (a 13-byte face plus half a 12-byte vertex), 38 for text formats (an OBJ of 2 M triangles
/// and 1 M vertices takes 76 MB). Compressed formats (zipped 3MF, Draco glTF) can hold more
/// than that and are underestimated.
enum ImportMemoryEstimate {
    static let bytesPerTriangle = 600.0

    /// Estimated peak bytes for importing a file of `fileSize` bytes that starts with `head`.
    static func estimatedPeakBytes(head: [UInt8], fileSize: Int) -> (bytes: Double, triangles: Double) {
        let head = head.prefix(512)
        let triangles: Double
        if let count = binarySTLTriangleCount(head, fileSize: fileSize) {
            triangles = Double(count)
        } else if head.starts(with: Array("ply".utf8)),
                  String(decoding: head, as: UTF8.self).contains("format binary") {
            triangles = Double(fileSize) / 19
        } else {
            triangles = Double(fileSize) / 38
        }
        return (triangles * bytesPerTriangle, triangles)
    }

    /// Throws when the estimate exceeds `MemoryBudget`.
    static func check(_ path: String, head: [UInt8], fileSize: Int) throws {
        let (bytes, triangles) = estimatedPeakBytes(head: head, fileSize: fileSize)
        let count = triangles >= 1e6 ? "\((triangles / 1e5).rounded() / 10) million" : "\(Int(triangles))"
        try MemoryBudget.check(bytes, for: "importing about \(count) triangles", path: path)
    }

    /// The face count of a binary STL whose size matches it exactly (84 + 50 × count), else nil.
    private static func binarySTLTriangleCount(_ head: ArraySlice<UInt8>, fileSize: Int) -> Int? {
        guard head.count >= 84 else { return nil }
        let count = (80..<84).reduce(0) { $0 | Int(head[$1]) << (8 * ($1 - 80)) }
        return 84 + 50 * count == fileSize ? count : nil
    }
}
