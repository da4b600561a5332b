// Generates Meshes/knot.obj, the mesh the demo runs on: a closed tube around a (2,3) torus knot
// (a trefoil), about 2 units across. Run from the repository root:
//
//     swift run make-knot-example [output path]
import Foundation
import SDFGeometry
import SDFMeshIO

/// A tube of radius `tubeRadius` around the (p, q) torus knot on the torus with radii `R` and `r`.
struct TorusKnotTube {
    var p = 2.0, q = 3.0
    var majorRadius = 2.0, minorRadius = 1.0
    var tubeRadius = 0.4
    /// Samples along the knot and around the tube.
    var segments = 384, sides = 24

    func centre(_ t: Double) -> SIMD3<Double> {
        let radius = majorRadius + minorRadius * cos(q * t)
        return SIMD3(radius * cos(p * t), radius * sin(p * t), minorRadius * sin(q * t))
    }

    /// Unit normal of the torus at the knot point: perpendicular to the knot's tangent (the knot
    /// lies on the torus) and periodic, so the tube closes up without twist.
    func torusNormal(_ t: Double) -> SIMD3<Double> {
        SIMD3(cos(q * t) * cos(p * t), cos(q * t) * sin(p * t), sin(q * t))
    }

    func tangent(_ t: Double) -> SIMD3<Double> {
        let h = 1e-5
        let d = centre(t + h) - centre(t - h)
        return d / (d * d).sum().squareRoot()
    }

    /// Vertices ring by ring; triangles wound counter-clockwise seen from outside.
    func mesh(scale: Double) -> TriangleMesh {
        var positions: [SIMD3<Float>] = []
        for i in 0..<segments {
            let t = 2 * Double.pi * Double(i) / Double(segments)
            let n = torusNormal(t), b = cross(tangent(t), n)
            for j in 0..<sides {
                let phi = 2 * Double.pi * Double(j) / Double(sides)
                let point = centre(t) + tubeRadius * (cos(phi) * n + sin(phi) * b)
                positions.append(SIMD3<Float>(point * scale))
            }
        }
        var indices: [UInt32] = []
        for i in 0..<segments {
            for j in 0..<sides {
                let a = UInt32(i * sides + j), b = UInt32(i * sides + (j + 1) % sides)
                let c = UInt32(((i + 1) % segments) * sides + (j + 1) % sides)
                let d = UInt32(((i + 1) % segments) * sides + j)
                indices += [a, b, c, a, c, d]
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}

let output = CommandLine.arguments.dropFirst().first ?? "Meshes/knot.obj"
let knot = TorusKnotTube()
let extent = knot.majorRadius + knot.minorRadius + knot.tubeRadius
let mesh = knot.mesh(scale: 1 / extent)  // fits in [-1, 1]³
let diagnostics = mesh.diagnostics()
guard diagnostics.isWatertight, diagnostics.genus == 1, mesh.signedVolume > 0 else {
    print("error: the generated knot is not a closed, outward-oriented torus: \(diagnostics)")
    exit(1)
}
do {
    try MeshExporter.write(mesh, to: output)
    print("wrote \(output): \(mesh.vertexCount) vertices, \(mesh.triangleCount) triangles, volume \(mesh.signedVolume)")
} catch {
    print("error: \(error)")
    exit(1)
}
