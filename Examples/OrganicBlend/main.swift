// A smooth-blended organic shape: an ellipsoid body, a head, arms and legs joined by polynomial
// smooth unions, with a smoothly carved mouth and a twisted torus for a collar.
//
//     swift run -c release organic-blend-example [Meshes/organic-blend.obj] [--scene Examples/Scenes/organic-blend.json]
//
// Regenerates Meshes/organic-blend.obj (and, with --scene, the equivalent scene file).
import Foundation
import SDFKit

let body = Ellipsoid(radii: [0.55, 0.45, 0.7])
let head = Sphere(radius: 0.34, center: [0, 0, 0.95])
let arm = Capsule(from: [0.35, 0, 0.3], to: [0.85, 0.15, 0.65], radius: 0.11).mirrored(.x)
let leg = Capsule(from: [0.22, 0, -0.5], to: [0.3, 0.05, -1.05], radius: 0.14).mirrored(.x)
let collar = Box(size: [0.9, 0.9, 0.08]).rounded(0.03).twisted(rate: 2).translated(by: [0, 0, 0.62])
let mouth = Capsule(from: [-0.12, -0.3, 0.88], to: [0.12, -0.3, 0.88], radius: 0.05)
let creature = body.smoothUnion(head, k: 0.25).smoothUnion(arm, k: 0.2).smoothUnion(leg, k: 0.2)
    .smoothUnion(collar, k: 0.05).smoothDifference(mouth, k: 0.05)

do {
    var arguments = Array(CommandLine.arguments.dropFirst())
    if let flag = arguments.firstIndex(of: "--scene"), flag + 1 < arguments.count {
        try SceneFile.write(creature.node, to: arguments[flag + 1])
        arguments.removeSubrange(flag...flag + 1)
    }
    let output = arguments.first ?? "Meshes/organic-blend.obj"
    try AtomicFile.checkWritable(output)
    for warning in creature.warnings { printWarning(warning) }
    let extraction = try MarchingTetrahedra(resolution: 96).extract(creature)
    // Simplify (error 0.001 model units), keeping the result only if it stays watertight.
    let simplified = try MeshSimplifier.simplify(extraction.mesh, maximumError: 0.001).mesh
    let mesh = simplified.diagnostics().isWatertight ? simplified : extraction.mesh
    try MeshExporter.write(mesh, to: output)
    print("\(output): \(mesh.triangleCount) triangles, watertight: \(mesh.diagnostics().isWatertight), \(creature.accuracy)")
} catch {
    writeStandardError("error: \(error)\n")
    exit(1)
}
