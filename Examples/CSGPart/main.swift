// A mechanical part from analytic CSG: a rounded block trimmed by a sphere, a chamfered bore,
// a counterbore and four bolt holes placed by mirroring one.
//
//     swift run -c release csg-part-example [Meshes/csg-part.obj] [--scene Examples/Scenes/csg-part.json]
//
// Regenerates Meshes/csg-part.obj (and, with --scene, the equivalent scene file).
import Foundation
import SDFKit

let block = Box(size: [2, 1.2, 0.5]).rounded(0.08) & Sphere(radius: 1.25)
let bore = Cylinder(radius: 0.3, height: 2)
let counterbore = Cylinder(radius: 0.45, height: 0.3, center: [0, 0, 0.3])
let boltHoles = Cylinder(radius: 0.09, height: 2).translated(by: [0.7, 0.35, 0]).mirrored([.x, .y])
let part = block.chamferDifference(bore, k: 0.06) - counterbore - boltHoles

do {
    var arguments = Array(CommandLine.arguments.dropFirst())
    if let flag = arguments.firstIndex(of: "--scene"), flag + 1 < arguments.count {
        try SceneFile.write(part.node, to: arguments[flag + 1])
        arguments.removeSubrange(flag...flag + 1)
    }
    let output = arguments.first ?? "Meshes/csg-part.obj"
    try AtomicFile.checkWritable(output)
    let extraction = try MarchingTetrahedra(resolution: 56).extract(part)
    // Simplify (error 0.001 model units), keeping the result only if it stays watertight.
    let simplified = try MeshSimplifier.simplify(extraction.mesh, maximumError: 0.001).mesh
    let mesh = simplified.diagnostics().isWatertight ? simplified : extraction.mesh
    try MeshExporter.write(mesh, to: output)
    print("\(output): \(mesh.triangleCount) triangles, watertight: \(mesh.diagnostics().isWatertight), \(part.accuracy)")
} catch {
    writeStandardError("error: \(error)\n")
    exit(1)
}
