import Foundation
import SDFExtraction
import SDFGeometry
import SDFModelling
import Testing

/// The scene files in Examples/Scenes load, and each extracts to a watertight mesh.
@Suite struct ExampleSceneTests {
    static let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/Scenes")

    @Test(arguments: ["csg-part.json", "organic-blend.json", "knot-cut.json", "fogleman-example.json"])
    func exampleExtractsToAWatertightMesh(_ name: String) throws {
        let shape = try SceneFile.load(Self.scenes.appendingPathComponent(name).path)
        #expect(shape.isBounded)
        let mesh = try MarchingTetrahedra(resolution: 48).extract(shape).mesh
        let diagnostics = mesh.diagnostics()
        #expect(diagnostics.isWatertight, "\(name): \(diagnostics)")
        #expect(mesh.triangleCount > 500)
        // The mesh encloses the solid: its volume is positive and matches the field's inside
        // fraction of the bounds (a coarse check that nothing was inverted or lost).
        let volume = Float(mesh.signedVolume)
        #expect(volume > 0)
        var random = SystemRandomNumberGenerator()
        let box = shape.bounds
        let samples = (0..<20000).map { _ in
            box.min + SIMD3(Float.random(in: 0...1, using: &random), Float.random(in: 0...1, using: &random),
                            Float.random(in: 0...1, using: &random)) * box.size
        }
        let inside = shape.distances(at: samples).filter { $0 < 0 }.count
        let sampled = Float(inside) / Float(samples.count) * box.size.x * box.size.y * box.size.z
        #expect(abs(sampled - volume) < 0.1 * volume + 0.01, "\(name): sampled volume \(sampled), mesh \(volume)")
    }
}
