import Foundation
import SDFGeometry

/// A mesh as Wavefront OBJ text, so CLI tests can hand meshes to `sdfkit` as files.
func objText(_ mesh: TriangleMesh) -> String {
    var lines: [String] = []
    for p in mesh.positions { lines.append("v \(p.x) \(p.y) \(p.z)") }
    for t in 0..<mesh.triangleCount {
        let (a, b, c) = mesh.triangle(t)
        lines.append("f \(a + 1) \(b + 1) \(c + 1)")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Writes `mesh` as OBJ to `path`.
func writeOBJ(_ mesh: TriangleMesh, to path: String) throws {
    try objText(mesh).write(toFile: path, atomically: true, encoding: .utf8)
}
