import Testing
import SDFGeometry
import SDFTestSupport

@Suite struct WeldingTests {
    /// Every triangle gets its own three vertices, as STL stores them.
    private func soup(_ mesh: TriangleMesh) -> TriangleMesh {
        TriangleMesh(positions: mesh.indices.map { mesh.positions[Int($0)] },
                     indices: (0..<UInt32(mesh.indices.count)).map { $0 })
    }

    @Test func soupWeldsBackToTheClosedSphere() {
        let sphere = TestMeshes.icosphere(levels: 5)  // 10242 vertices: the cell table grows
        let separated = soup(sphere)
        #expect(separated.diagnostics().components == sphere.triangleCount)
        let welded = separated.welded()
        #expect(welded.vertexCount == sphere.vertexCount)
        #expect(welded.triangleCount == sphere.triangleCount)
        let d = welded.diagnostics()
        #expect(d.isWatertight && d.genus == 0)
        #expect(abs(welded.signedVolume - sphere.signedVolume) < 1e-9)
    }

    @Test func weldsWithinToleranceOnly() {
        let sphere = soup(TestMeshes.icosphere(levels: 2))  // diagonal 2√3
        let diagonal = sphere.bounds.diagonal
        let original = TestMeshes.icosphere(levels: 2)
        var random = TestRandom(seed: 7)
        var near = sphere, far = sphere
        var copies = [Float](repeating: 0, count: original.vertexCount)
        for v in 0..<sphere.vertexCount {
            near.positions[v] += normalizedOrZero(random.point(in: -1, 1)) * (0.2e-4 * diagonal)
            // The k-th copy of a vertex moves k × 3e-4 diagonals: copies stay apart.
            let source = Int(original.indices[v])
            far.positions[v].x += copies[source] * 3e-4 * diagonal
            copies[source] += 1
        }
        #expect(near.welded(relativeTolerance: 1e-4).vertexCount == original.vertexCount)
        #expect(far.welded(relativeTolerance: 1e-4).vertexCount == sphere.vertexCount)
    }

    /// Clustered random points against an O(n²) greedy weld with the same visiting rule.
    @Test func matchesBruteForceGreedyWeld() {
        var random = TestRandom(seed: 11)
        var positions: [SIMD3<Float>] = []
        for _ in 0..<400 {
            let centre = random.point(in: 0, 10)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                positions.append(centre + random.point(in: -1e-5, 1e-5))
            }
        }
        let n = positions.count - positions.count % 3
        let mesh = TriangleMesh(positions: positions, indices: (0..<UInt32(n)).map { $0 })
        let relative: Float = 1e-5
        let tolerance = relative * mesh.bounds.diagonal
        var kept: [SIMD3<Float>] = []
        var expected: [UInt32] = []
        for p in positions {
            if let m = kept.firstIndex(where: { lengthSquared($0 - p) <= tolerance * tolerance }) {
                expected.append(UInt32(m))
            } else {
                expected.append(UInt32(kept.count))
                kept.append(p)
            }
        }
        let welded = mesh.welded(relativeTolerance: relative)
        #expect(welded.positions == kept)
        #expect(welded.indices == Array(expected[0..<n]))
    }

    @Test func nonFiniteVerticesAreNeverMerged() {
        let nan = SIMD3<Float>(.nan, 0, 0)
        let mesh = TriangleMesh(positions: [.zero, SIMD3(1, 0, 0), nan, nan, .zero, SIMD3(0, 1, 0)],
                                indices: [0, 1, 2, 3, 4, 5])
        #expect(mesh.welded().vertexCount == 5)
    }

    /// Coordinates near Float's limits (their extent overflows Float) weld without trapping.
    @Test func extremeCoordinatesWeld() {
        let big = Float.greatestFiniteMagnitude
        let mesh = TriangleMesh(positions: [SIMD3(-big, 0, 0), SIMD3(big, big, -big), SIMD3(0, 1, 0),
                                            SIMD3(0, 1, 0), SIMD3(-big, 0, 0), SIMD3(1e-30, 0, 0)],
                                indices: [0, 1, 2, 3, 4, 5])
        // The tolerance (1e-6 of a ~6e38 diagonal) swallows the small coordinates.
        let welded = mesh.welded()
        #expect(welded.vertexCount == 3 && welded.indices == [0, 1, 2, 2, 0, 2])
    }

    @Test func unreferencedVerticesAreDropped() {
        var cube = TestMeshes.cube()
        cube.positions.insert(SIMD3(7, 7, 7), at: 0)
        cube.indices = cube.indices.map { $0 + 1 }
        let compact = cube.removingUnreferencedVertices()
        #expect(compact == TestMeshes.cube())
    }
}
