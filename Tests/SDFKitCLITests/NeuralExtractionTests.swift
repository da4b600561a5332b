import Foundation
import SDFKit
import SDFTestSupport
import Testing

/// Sparse extraction of a trained network: closed and manifold whatever the network does (a
/// briefly trained one has spurious blobs and handles), with the Lipschitz estimate it relies on
/// measured from the field.
@Suite struct NeuralExtractionTests {
    /// A small model fitted to a torus mesh (major radius 1, minor 0.35) for a few hundred steps.
    static func trainedTorus() throws -> NeuralSDF {
        let mesh = TestMeshes.torus(majorRadius: 1, minorRadius: 0.35)
        var configuration = TrainingConfiguration()
        configuration.encoding.levels = 8
        configuration.encoding.log2TableSize = 14
        configuration.encoding.minResolution = 8
        configuration.encoding.maxResolution = 128
        configuration.batchSize = 4096
        configuration.learningRate = 3e-3
        let trainer = try Trainer(configuration: configuration,
                                  source: try MeshSampleSource(field: try MeshDistanceField(mesh: mesh)))
        _ = trainer.train(steps: 200, seconds: nil)
        return trainer.makeModel()
    }

    @Test func trainedModelExtractsClosedManifoldAndAsDenseExtractionDoes() throws {
        let model = try Self.trainedTorus()
        let sparse = try MarchingTetrahedra(resolution: 64).extract(model)
        let dense = try MarchingTetrahedra(resolution: 64, sparse: false).extract(model)
        for mesh in [sparse.mesh, dense.mesh] {
            let diagnostics = mesh.diagnostics()
            #expect(diagnostics.isWatertight)
            #expect(diagnostics.degenerateTriangles == 0)
            #expect(mesh.signedVolume > 0)
        }
        let estimate = try #require(sparse.statistics.lipschitzEstimate)
        #expect(estimate >= 1 && estimate < 10)
        #expect(sparse.statistics.fieldEvaluations < dense.statistics.fieldEvaluations)
        // Selection and sign inference from the estimate leave the surface of a full evaluation
        // of every lattice vertex (equal if the estimate bounds the slope everywhere).
        #expect(abs(sparse.mesh.triangleCount - dense.mesh.triangleCount) <= dense.mesh.triangleCount / 100)
        #expect(abs(sparse.mesh.signedVolume - dense.mesh.signedVolume) <= 1e-3 * dense.mesh.signedVolume)
    }
}
