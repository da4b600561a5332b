// Mesh diagnostics, welding and file I/O on a million-triangle torus; prints a markdown table.
//
//     swift run -c release -Xswiftc -target-cpu -Xswiftc native mesh-benchmark
//
// Wall time and the calling thread's CPU time are both reported (best of three): on a shared
// machine the CPU time is the steadier figure. Every step is single-threaded.
import Foundation
import SDFGeometry
import SDFMeshIO
import SDFTestSupport

/// Runs `body` three times and prints its best wall and CPU times as a table row.
func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    var wall = Double.infinity, cpu = Double.infinity
    var result: T?
    for _ in 0..<3 {
        let w0 = monotonicSeconds(), c0 = threadCPUSeconds()
        result = try body()
        wall = min(wall, monotonicSeconds() - w0)
        cpu = min(cpu, threadCPUSeconds() - c0)
    }
    print("| \(label) | \(String(format: "%.0f", wall * 1000)) ms | \(String(format: "%.0f", cpu * 1000)) ms |")
    return result!
}

let mesh = TestMeshes.torus(u: 1000, v: 500)
let soup = TriangleMesh(positions: mesh.indices.map { mesh.positions[Int($0)] },
                        indices: (0..<UInt32(mesh.indices.count)).map { $0 })
print("torus: \(mesh.vertexCount) vertices, \(mesh.triangleCount) triangles\n")
print("| step | wall | thread CPU |\n|---|---|---|")
let diagnostics = measure("diagnostics()") { mesh.diagnostics() }
precondition(diagnostics.isWatertight && diagnostics.genus == 1)
let welded = measure("welded() of the triangle soup (3M vertices)") { soup.welded() }
precondition(welded.vertexCount == mesh.vertexCount)
_ = measure("welded() of the indexed mesh") { mesh.welded() }
_ = measure("removingDegenerateTriangles()") { mesh.removingDegenerateTriangles() }

let directory = NSTemporaryDirectory() + "sdfkit-mesh-benchmark-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
for format in MeshExporter.Format.allCases {
    let path = directory + "/torus." + format.rawValue
    try measure("MeshExporter.write .\(format.rawValue)") { try MeshExporter.write(mesh, to: path) }
    let imported = try measure("MeshImporter.load .\(format.rawValue)") { try MeshImporter.load(path) }
    precondition(imported.mesh.triangleCount == mesh.triangleCount && imported.mesh.vertexCount == mesh.vertexCount)
}
