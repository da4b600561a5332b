// A trained network combined with analytic cuts: the model (a `.sdfnet` from `sdfkit fit`, or
// any mesh) loses its lower half to a box, is drilled through along x, and is blended onto a
// rounded plinth at the cut.
//
//     swift run -c release network-cut-example out/knot.sdfnet [out/knot-cut.obj] [--scene scene.json]
//
// Examples/Scenes/knot-cut.json is this part built from Meshes/knot.obj, written by
// `cd Examples/Scenes && ../../.build/release/network-cut-example ../../Meshes/knot.obj /tmp/knot-cut.obj --scene knot-cut.json`.
import Foundation
import SDFKit

do {
    var arguments = Array(CommandLine.arguments.dropFirst())
    var scenePath: String?
    if let flag = arguments.firstIndex(of: "--scene"), flag + 1 < arguments.count {
        scenePath = arguments[flag + 1]
        arguments.removeSubrange(flag...flag + 1)
    }
    guard let input = arguments.first else {
        throw SDFError("usage: network-cut-example MODEL.sdfnet|MESH [OUTPUT.obj]")
    }
    let output = arguments.count > 1 ? arguments[1] : "out/network-cut.obj"
    try AtomicFile.checkWritable(output)
    let model = input.hasSuffix(".sdfnet") ? Shape(wrapping: try NeuralSDF.load(input), source: FieldSource(kind: .network, path: input))
        : Shape(wrapping: try FieldLoader.load(input), source: FieldSource(kind: .mesh, path: input))
    let bounds = model.bounds
    let size = bounds.size
    let lowerHalf = Box(size: size * SIMD3(1.2, 1.2, 0.6), center: bounds.center - SIMD3(0, 0, size.z * 0.3))
    let drill = Cylinder(radius: size.x * 0.08, height: size.x * 2).oriented(along: [1, 0, 0]).translated(by: bounds.center)
    let plinth = Cylinder(radius: size.x * 0.45, height: size.z * 0.1, center: bounds.center).rounded(size.z * 0.02)
    let part = (model - lowerHalf - drill).smoothUnion(plinth, k: size.z * 0.05)
    if let scenePath { try SceneFile.write(part.node, to: scenePath) }
    for warning in part.warnings { printWarning(warning) }
    let extraction = try MarchingTetrahedra(resolution: 160).extract(part)
    try MeshExporter.write(extraction.mesh, to: output)
    print("\(output): \(extraction.mesh.triangleCount) triangles, watertight: \(extraction.mesh.diagnostics().isWatertight), \(part.accuracy)")
} catch {
    writeStandardError("error: \(error)\n")
    exit(1)
}
