import Testing
import SDFGeometry
import SDFExtraction

@Suite struct MarchingTetrahedraTests {
    func extract(_ field: any DistanceField, resolution: Int, sparse: Bool = true,
                 project: Bool = false) throws -> MeshExtraction {
        try MarchingTetrahedra(resolution: resolution, sparse: sparse, projectToSurface: project)
            .extract(field)
    }

    @Test func sphereIsClosedOutwardAndOnTheSurface() throws {
        let field = SphereField()
        let result = try extract(field, resolution: 48)
        let mesh = result.mesh
        let h = result.statistics.cellSize
        let topology = MeshTopology(mesh)
        #expect(mesh.triangleCount > 1000)
        #expect(topology.isClosedAndOriented)
        #expect(topology.components == 1)
        #expect(topology.eulerCharacteristic == 2)
        #expect(topology.zeroAreaTriangles == 0)
        let diagnostics = mesh.diagnostics()
        #expect(diagnostics.isWatertight)
        #expect(diagnostics.genus == 0)
        let worst = mesh.positions.map { abs(length($0 - field.center) - field.radius) }.max()!
        #expect(worst < 0.03 * h)
        let exactVolume = 4.0 / 3.0 * Double.pi
        #expect(abs(mesh.signedVolume - exactVolume) / exactVolume < 0.01)
    }

    @Test func torusHasGenusOneAndItsVolume() throws {
        let field = TorusField()
        let mesh = try extract(field, resolution: 64).mesh
        let topology = MeshTopology(mesh)
        #expect(topology.isClosedAndOriented)
        #expect(topology.components == 1)
        #expect(topology.eulerCharacteristic == 0)
        #expect(mesh.diagnostics().isWatertight)
        #expect(mesh.diagnostics().genus == 1)
        let r = Double(field.minorRadius), R = Double(field.majorRadius)
        let exactVolume = 2 * Double.pi * Double.pi * R * r * r
        #expect(abs(mesh.signedVolume - exactVolume) / exactVolume < 0.02)
        let values = field.distances(at: mesh.positions)
        #expect(values.map(abs).max()! < 0.01)
    }

    @Test func boxIsClosedWithItsVolume() throws {
        let field = BoxField()
        let result = try extract(field, resolution: 40)
        let topology = MeshTopology(result.mesh)
        #expect(topology.isClosedAndOriented)
        #expect(topology.eulerCharacteristic == 2)
        let size = field.half * 2
        let exactVolume = Double(size.x * size.y * size.z)
        #expect(abs(result.mesh.signedVolume - exactVolume) / exactVolume < 0.03)
        let worst = field.distances(at: result.mesh.positions).map(abs).max()!
        #expect(worst < 0.3 * result.statistics.cellSize)
    }

    @Test func sparseAndDenseGiveTheSameMesh() throws {
        for field in [SphereField(), TorusField(), BoxField()] as [any DistanceField] {
            let sparse = try extract(field, resolution: 40)
            let dense = try extract(field, resolution: 40, sparse: false)
            let same = sparse.mesh == dense.mesh
            #expect(same)
            #expect(sparse.statistics.fieldEvaluations < dense.statistics.fieldEvaluations / 2)
            #expect(sparse.statistics.blocksMeshed < dense.statistics.blocksMeshed)
            #expect(sparse.statistics.blocksMeshed == sparse.statistics.blocksSelected)
        }
    }

    @Test func approximateFieldWithOverstatedValuesIsTracedWhole() throws {
        // Values 6× the distance: the coarse margin test skips blocks the surface crosses; tracing
        // the surface cell by cell from the seeds still finds all of it, as a full evaluation does.
        let field = SphereField(accuracy: .approximate, valueScale: 6)
        let sparse = try extract(field, resolution: 96)
        let dense = try extract(field, resolution: 96, sparse: false)
        let topology = MeshTopology(sparse.mesh)
        #expect(topology.isClosedAndOriented)
        #expect(topology.components == 1)
        #expect(topology.eulerCharacteristic == 2)
        #expect(canonicalTriangles(sparse.mesh) == canonicalTriangles(dense.mesh))
        #expect(sparse.statistics.fieldEvaluations < dense.statistics.fieldEvaluations / 4)
        let worst = sparse.mesh.positions.map { abs(length($0 - field.center) - field.radius) }.max()!
        // Interpolation on a true-distance sphere puts vertices within 0.006 cells of it (measured).
        #expect(worst < 0.05 * sparse.statistics.cellSize)
    }

    @Test func approximateFieldWithTwoNestedSheetsTracesBoth() throws {
        // A hollow part: outer and inner sheet 0.08 apart (about three lattice units), each a
        // separate component that needs its own seed.
        let field = ApproximateField(base: PartField(wall: 0.08))
        let sparse = try extract(field, resolution: 64)
        let dense = try extract(field, resolution: 64, sparse: false)
        let topology = MeshTopology(sparse.mesh)
        #expect(topology.isClosedAndOriented)
        #expect(topology.components == 2)
        #expect(canonicalTriangles(sparse.mesh) == canonicalTriangles(dense.mesh))
        #expect(sparse.statistics.fieldEvaluations < dense.statistics.fieldEvaluations / 2)
    }

    /// At resolution 192 the tracer's waves span many thousand cells, so its bookkeeping runs in
    /// several parallel chunks (on more than one thread).
    @Test(arguments: [64, 192])
    func approximateFieldWithExactValuesMatchesDenseExtraction(resolution: Int) throws {
        // Sign inference and block pruning change nothing when the values are true distances.
        let field = SphereField(accuracy: .approximate)
        let sparse = try extract(field, resolution: resolution)
        let dense = try extract(field, resolution: resolution, sparse: false)
        let same = canonicalTriangles(sparse.mesh) == canonicalTriangles(dense.mesh)
        #expect(same)
        #expect(sparse.statistics.fieldEvaluations < dense.statistics.fieldEvaluations / 2)
    }

    @Test func lipschitzEstimateFollowsTheChangeOverABlockNotFineRipples() throws {
        // Ripples a few lattice units long make slopes up to 1.9, but over a finest block's
        // circumradius r the values change by at most r + 2A: the estimate bounds that change
        // (times the safety factor 1.25), and the mesh is still the full evaluation's.
        let field = RippledSphereField(amplitude: 0.035, wavenumber: 0.9 / 0.035)
        let sparse = try extract(field, resolution: 64)
        let dense = try extract(field, resolution: 64, sparse: false)
        let finestRadius = 8 * (99 as Float).squareRoot() / 12 * sparse.statistics.cellSize
        let estimate = try #require(sparse.statistics.lipschitzEstimate)
        #expect(estimate >= 1.25)
        #expect(estimate <= 1.25 * (1 + 2 * field.amplitude / finestRadius) * 1.001)
        let topology = MeshTopology(sparse.mesh)
        #expect(topology.isClosedAndOriented)
        #expect(topology.components == 1)
        #expect(canonicalTriangles(sparse.mesh) == canonicalTriangles(dense.mesh))
    }

    @Test func projectionMovesVerticesOntoTheSurface() throws {
        let field = TorusField()
        let plain = try extract(field, resolution: 32)
        let projected = try extract(field, resolution: 32, project: true)
        let before = field.distances(at: plain.mesh.positions).map(abs).max()!
        let after = field.distances(at: projected.mesh.positions).map(abs).max()!
        #expect(after < before / 10)
        #expect(projected.mesh.indices == plain.mesh.indices)
    }

    @Test func fieldWithoutSurfaceGivesAnEmptyMesh() throws {
        let result = try extract(ConstantField(value: 1), resolution: 32)
        #expect(result.mesh.isEmpty)
        #expect(result.mesh.vertexCount == 0)
        #expect(!result.statistics.surfaceReachesBox)
    }

    @Test func insideEverywhereIsClosedByTheBoxAndReported() throws {
        let result = try extract(ConstantField(value: -1), resolution: 16)
        #expect(result.statistics.surfaceReachesBox)
        #expect(MeshTopology(result.mesh).isClosedAndOriented)
        #expect(result.mesh.signedVolume > 8)
    }

    @Test func approximateInsideEverywhereIsClosedByTheBox() throws {
        let result = try extract(ApproximateField(base: ConstantField(value: -1)), resolution: 16)
        #expect(result.statistics.surfaceReachesBox)
        #expect(MeshTopology(result.mesh).isClosedAndOriented)
        #expect(result.mesh.signedVolume > 8)
    }

    @Test(arguments: [0, -3, MarchingTetrahedra.maximumResolution + 1])
    func invalidResolutionIsRejected(_ resolution: Int) {
        #expect(throws: SDFError.self) { try extract(SphereField(), resolution: resolution) }
    }

    @Test func resolutionBeyondMemoryIsRejectedWithTheEstimate() {
        let error = #expect(throws: SDFError.self) { try extract(SphereField(), resolution: 20000) }
        #expect(error?.reason.contains("GB") == true)
        let estimate = MarchingTetrahedra.estimatedPeakBytes(bounds: SphereField().bounds, resolution: 20000)
        #expect(estimate > 24e9)
    }
}
