import Foundation
import SDFGeometry
import SDFMeshIO
import Testing

@Suite struct BundledMeshTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The demo mesh: one closed, outward-oriented torus-shaped tube whose volume matches the
    /// tube formula π ρ² L (exact for a tube thinner than the curve's radius of curvature).
    @Test func knotIsAWatertightTubeWithTheTubeVolume() throws {
        let imported = try MeshImporter.load(Self.repository.appendingPathComponent("Meshes/knot.obj").path)
        let d = imported.diagnostics
        #expect(d.isWatertight && d.components == 1 && d.genus == 1)
        #expect(imported.warnings.isEmpty && imported.mesh.triangleCount == 18432)
        let bounds = imported.mesh.bounds
        #expect(all(bounds.min .>= SIMD3(repeating: -1)) && all(bounds.max .<= SIMD3(repeating: 1)))

        // The (2,3) torus knot on radii 2 and 1, tube radius 0.4, scaled by 1 / 3.4.
        func centre(_ t: Double) -> SIMD3<Double> {
            let r = 2 + cos(3 * t)
            return SIMD3(r * cos(2 * t), r * sin(2 * t), sin(3 * t))
        }
        let samples = 100_000
        var length = 0.0
        for i in 0..<samples {
            let d = centre(2 * .pi * Double(i + 1) / Double(samples)) - centre(2 * .pi * Double(i) / Double(samples))
            length += (d * d).sum().squareRoot()
        }
        let scale = 1 / 3.4
        let tubeVolume = Double.pi * 0.4 * 0.4 * length * scale * scale * scale
        // 24 sides inscribe the tube's circle: area ratio sin(2π/24) · 24 / (2π) ≈ 0.989.
        let polygonFactor = sin(2 * Double.pi / 24) * 24 / (2 * Double.pi)
        #expect(abs(imported.mesh.signedVolume / (tubeVolume * polygonFactor) - 1) < 0.005)
    }
}
