import SDFDistance
import SDFGeometry
import SDFRender
import SDFTestSupport
import Testing

@Suite struct MeshEvaluationTests {
    static let fineSphere = TestMeshes.icosphere(levels: 5)

    func settings(samples: Int = 20_000, tau: Float? = nil) -> EvaluationSettings {
        var settings = EvaluationSettings()
        settings.surfaceSamples = samples
        settings.tau = tau
        return settings
    }

    @Test func meshAgainstItselfScoresPerfectly() throws {
        let mesh = TestMeshes.torus()
        let metrics = try MeshEvaluation.surfaceMetrics(candidate: mesh, reference: mesh, settings: settings())
        #expect(metrics.chamferL1 < 1e-6)
        #expect(metrics.chamferL2 < 1e-10)
        #expect(metrics.hausdorff < 1e-5)
        #expect(metrics.fScore == 1)
        #expect(metrics.normalConsistency > 0.9999)
    }

    /// Concentric spheres of radius 1.01 and 1 are 0.01 apart everywhere; both meshes are the same
    /// polyhedron scaled, so the tessellation changes the gap only by the faces' tilt (< 0.1 %).
    @Test func concentricSpheresGiveTheirGap() throws {
        let reference = Self.fineSphere
        let candidate = reference.transformed { $0 * 1.01 }
        let metrics = try MeshEvaluation.surfaceMetrics(candidate: candidate, reference: reference, settings: settings())
        let diagonal = reference.bounds.diagonal
        #expect(abs(metrics.referenceDiagonal - diagonal) < 1e-6)
        #expect(abs(metrics.accuracy - 0.01) < 2e-4)
        #expect(abs(metrics.completeness - 0.01) < 2e-4)
        #expect(abs(metrics.chamferL1 - 0.01) < 2e-4)
        #expect(abs(metrics.normalizedChamferL1 - 0.01 / diagonal) < 2e-4 / diagonal)
        #expect(abs(metrics.chamferL2 - 1e-4) < 4e-6)
        #expect(abs(metrics.normalizedChamferL2 - 1e-4 / (diagonal * diagonal)) < 4e-6 / (diagonal * diagonal))
        #expect(abs(metrics.hausdorff - 0.01) < 3e-4)
        #expect(metrics.fScore == 1)  // default τ = 1 % of the diagonal ≈ 0.035 > 0.01
        #expect(metrics.normalConsistency > 0.999)
        let strict = try MeshEvaluation.surfaceMetrics(candidate: candidate, reference: reference,
                                                       settings: settings(tau: 0.005))
        #expect(strict.fScore == 0 && strict.precision == 0 && strict.recall == 0)
    }

    @Test func flippedNormalsStillCountAsConsistent() throws {
        let mesh = TestMeshes.icosphere(levels: 3)
        let metrics = try MeshEvaluation.surfaceMetrics(candidate: mesh.flipped(), reference: mesh, settings: settings(samples: 5000))
        #expect(metrics.normalConsistency > 0.9999)
    }

    /// A cube against the same cube with one face pushed out by 0.2: precision and recall follow
    /// from the areas (5 of 6 unit faces coincide; the rest lies 0.2 away or on new side strips).
    @Test func partialOverlapGivesAreaWeightedPrecision() throws {
        let reference = TestMeshes.cube(0, 1)
        let candidate = reference.transformed { p in p.z > 0.5 ? SIMD3(p.x, p.y, 1.2) : p }
        let metrics = try MeshEvaluation.surfaceMetrics(candidate: candidate, reference: reference,
                                                        settings: settings(samples: 40_000, tau: 0.05))
        // Candidate area 6.8: the bottom and the lower 1.0 of the four sides (5.0) lie on the
        // reference; the side strips z ∈ (1.0, 1.2) lie within τ of it only up to z = 1.05 (0.2).
        let expectedPrecision: Float = (5 + 0.2) / 6.8
        #expect(abs(metrics.precision - expectedPrecision) < 0.015)
        // Reference area 6: all but the top lies on the candidate; the top is 0.2 below the
        // candidate's top but within τ of its side walls along a border of width 0.05 (0.19).
        #expect(abs(metrics.recall - 5.19 / 6.0) < 0.015)
    }

    @Test func meshWithoutAreaIsAnError() {
        let flat = TriangleMesh(positions: [.zero, .zero, .zero], indices: [0, 1, 2])
        #expect(throws: SDFError.self) {
            try MeshEvaluation.surfaceMetrics(candidate: flat, reference: Self.fineSphere, settings: settings(samples: 10))
        }
    }

    /// Concentric analytic spheres of radius 0.9 and 1: IoU is the volume ratio 0.9³ and the value
    /// difference is 0.1 everywhere.
    @Test func volumeMetricsOfConcentricSpheres() {
        var settings = EvaluationSettings()
        settings.volumeSamples = 200_000
        let metrics = MeshEvaluation.volumeMetrics(candidate: SphereField(radius: 0.9), reference: SphereField(radius: 1),
                                                   settings: settings)
        #expect(abs(metrics.iou - 0.729) < 0.005)
        let box = 2 + 2 * 0.05 * Float(12).squareRoot()
        let shell = 4 / 3 * Float.pi * (1 - 0.729)
        #expect(abs(metrics.signAgreement - (1 - shell / (box * box * box))) < 0.003)
        #expect(metrics.nearSurfaceSamples > 1000)
        #expect(abs(metrics.nearSurfaceMeanAbsoluteDifference - 0.1) < 1e-5)
    }

    @Test func scaleMismatchIsDetectedBeyondTenfold() {
        let unit = AABB(min: .zero, max: .one)
        #expect(MeshEvaluation.scaleMismatch(unit, AABB(min: .zero, max: SIMD3(repeating: 2))) == nil)
        let ratio = MeshEvaluation.scaleMismatch(unit, AABB(min: .zero, max: SIMD3(repeating: 1000)))
        #expect(ratio.map { abs($0 - 1000) < 1 } == true)
    }
}
