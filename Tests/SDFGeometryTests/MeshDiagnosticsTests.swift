import Foundation
import Testing
import SDFGeometry
import SDFTestSupport

@Suite struct MeshDiagnosticsTests {
    @Test func cubeIsClosedOrientedSphere() {
        let d = TestMeshes.cube().diagnostics()
        #expect(d.vertexCount == 8 && d.triangleCount == 12 && d.edgeCount == 18)
        #expect(d.isClosed && d.isConsistentlyOriented && d.isWatertight)
        #expect(d.components == 1 && d.eulerCharacteristic == 2 && d.genus == 0)
        #expect(d.boundaryEdges == 0 && d.nonManifoldEdges == 0 && d.degenerateTriangles == 0)
    }

    @Test func jsonCarriesTheDerivedFlagsAndDecodesBack() throws {
        let d = TestMeshes.torus().diagnostics()
        let data = try JSONEncoder().encode(d)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["isWatertight"] as? Bool == true && object["genus"] as? Int == 1)
        #expect(try JSONDecoder().decode(MeshDiagnostics.self, from: data) == d)
    }

    @Test func torusHasGenusOne() {
        let d = TestMeshes.torus().diagnostics()
        #expect(d.isWatertight && d.eulerCharacteristic == 0 && d.genus == 1)
    }

    @Test func flippedFaceBreaksOrientationOnItsThreeEdges() {
        var cube = TestMeshes.cube()
        cube.indices.swapAt(4, 5)  // triangle 1
        let d = cube.diagnostics()
        #expect(d.isClosed)
        #expect(!d.isConsistentlyOriented && d.inconsistentlyOrientedEdges == 3)
        #expect(d.genus == nil)
    }

    @Test func missingFaceOpensTheBoundary() {
        var cube = TestMeshes.cube()
        cube.indices.removeLast(3)
        let d = cube.diagnostics()
        #expect(!d.isClosed && d.boundaryEdges == 3 && d.isConsistentlyOriented)
        #expect(d.eulerCharacteristic == 1)
    }

    @Test func separateShellsAreSeparateComponents() {
        var mesh = TestMeshes.cube()
        mesh.append(TestMeshes.icosphere(levels: 1, center: SIMD3(5, 0, 0)))
        mesh.positions.append(SIMD3(9, 9, 9))  // unreferenced
        let d = mesh.diagnostics()
        #expect(d.components == 2 && d.unreferencedVertices == 1 && d.genus == 0)
        #expect(d.eulerCharacteristic == 4)
    }

    @Test func finHalfEdgeIsNonManifold() {
        let positions: [SIMD3<Float>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, -1, 0),
                                         SIMD3(0, 0, 1)]
        let mesh = TriangleMesh(positions: positions, indices: [0, 1, 2, 1, 0, 3, 0, 1, 4])
        let d = mesh.diagnostics()
        #expect(d.nonManifoldEdges == 1 && d.boundaryEdges == 6 && !d.isClosed)
    }

    @Test func degenerateAndDuplicateTrianglesAreCounted() {
        var mesh = TestMeshes.cube()
        mesh.indices += [0, 0, 1]  // repeated index
        mesh.positions.append(SIMD3(0.5, 0, 0))  // vertex 8 on edge 0–1
        mesh.indices += [0, 8, 1]  // collinear corners
        mesh.indices += [0, 3, 2]  // reversed copy of triangle 0 (0, 2, 3)
        mesh.indices += [2, 3, 0]  // rotated copy of triangle 0
        let d = mesh.diagnostics()
        #expect(d.degenerateTriangles == 2)
        #expect(d.duplicateTriangles == 2)
        #expect(!d.isWatertight)
        let (cleaned, removed) = mesh.removingDegenerateTriangles()
        #expect(removed == 2 && cleaned.triangleCount == 14)
        #expect(cleaned.diagnostics().degenerateTriangles == 0)
    }

    /// Meshes whose edges are all used twice in opposite directions but which are not watertight:
    /// `isWatertight()` must see the zero-area and duplicate triangles that `edgeUse()` cannot.
    @Test func watertightCheckSeesDegenerateAndDuplicateTriangles() {
        let flatTetrahedron = TriangleMesh(
            positions: [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(2, 0, 0), SIMD3(0, 1, 0)],
            indices: [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3])  // corners 0, 1, 2 collinear
        var cubeWithDoublet = TestMeshes.cube()
        cubeWithDoublet.positions += [SIMD3(5, 0, 0), SIMD3(6, 0, 0), SIMD3(5, 1, 0)]
        cubeWithDoublet.indices += [8, 9, 10, 10, 9, 8]  // a separate two-sided triangle
        for mesh in [flatTetrahedron, cubeWithDoublet] {
            let use = mesh.edgeUse()
            #expect(use.isClosed && use.isConsistentlyOriented)
            #expect(!mesh.isWatertight() && !mesh.diagnostics().isWatertight)
        }
        #expect(TestMeshes.cube().isWatertight() && TestMeshes.torus().isWatertight())
        #expect(!TriangleMesh().isWatertight())
    }

    @Test func thinButRealSliverIsNotDegenerate() {
        let mesh = TriangleMesh(positions: [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0.5, 1e-6, 0)],
                                indices: [0, 1, 2])
        #expect(mesh.diagnostics().degenerateTriangles == 0)
    }

    /// Random triangle soups over few vertices (many shared, repeated and non-manifold edges),
    /// large enough to exercise every radix pass, against a dictionary-based count.
    @Test(arguments: [(40, 60), (3000, 9000), (70000, 5000)])
    func edgeCountsMatchBruteForce(vertices: Int, triangles: Int) {
        var random = TestRandom(seed: UInt64(vertices))
        let positions = (0..<vertices).map { _ in random.point(in: -1, 1) }
        var indices: [UInt32] = []
        for _ in 0..<triangles {
            let a = UInt32.random(in: 0..<UInt32(vertices), using: &random)
            let b = (a + UInt32.random(in: 1..<8, using: &random)) % UInt32(vertices)
            let c = (a + UInt32.random(in: 0..<8, using: &random)) % UInt32(vertices)
            indices += [a, b, c]
        }
        let mesh = TriangleMesh(positions: positions, indices: indices)
        let d = mesh.diagnostics()

        var uses: [SIMD2<UInt32>: [Bool]] = [:]
        var degenerate = 0
        var sets = Set<[UInt32]>()
        var duplicates = 0
        for t in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(t)
            if i == j || j == k || i == k { degenerate += 1; continue }
            for (a, b) in [(i, j), (j, k), (k, i)] {
                uses[SIMD2(min(a, b), max(a, b)), default: []].append(a < b)
            }
            if !sets.insert([i, j, k].sorted()).inserted { duplicates += 1 }
        }
        expectCounts(d, uses: uses, degenerate: degenerate, duplicates: duplicates)
    }

    /// A closed torus large enough to be split across threads, damaged on purpose: holes
    /// (removed triangles), flipped triangles, fins (a third triangle on an edge), exact and
    /// reversed duplicates, repeated-index and zero-area triangles, a separate shell and an
    /// unreferenced vertex. Every count must equal a dictionary-based half-edge count.
    @Test(arguments: [0, 1, 2, 3])
    func damagedMeshMatchesBruteForceHalfEdgeCount(seed: Int) {
        var mesh = TestMeshes.torus(u: 320, v: 160)
        var random = TestRandom(seed: UInt64(100 + seed))
        let t = mesh.triangleCount
        var removed = Set<Int>()
        for _ in 0..<(seed * 7) { removed.insert(Int.random(in: 0..<t, using: &random)) }
        for _ in 0..<(seed * 5) {
            let f = Int.random(in: 0..<t, using: &random)
            mesh.indices.swapAt(3 * f + 1, 3 * f + 2)
        }
        for _ in 0..<(seed * 3) {
            let f = Int.random(in: 0..<t, using: &random)
            let (a, b, _) = mesh.triangle(f)
            mesh.indices += [b, a, UInt32.random(in: 0..<UInt32(mesh.vertexCount), using: &random)]
            let g = Int.random(in: 0..<t, using: &random)
            let (i, j, k) = mesh.triangle(g)
            mesh.indices += seed % 2 == 0 ? [i, j, k] : [k, j, i]
        }
        if seed > 0 {
            mesh.indices += [5, 5, 6]
            mesh.positions += [SIMD3(7, 7, 7), SIMD3(8, 8, 8), SIMD3(9, 9, 9), SIMD3(20, 0, 0)]
            let n = UInt32(mesh.vertexCount)
            mesh.indices += [n - 4, n - 3, n - 2]  // collinear: zero area, its own component
        }
        var kept: [UInt32] = []
        for f in 0..<mesh.triangleCount where !removed.contains(f) {
            let (i, j, k) = mesh.triangle(f)
            kept += [i, j, k]
        }
        mesh.indices = kept
        let d = mesh.diagnostics()

        var uses: [SIMD2<UInt32>: [Bool]] = [:]
        var degenerate = 0, proper = 0
        var sets = Set<[UInt32]>()
        var duplicates = 0
        var defects = Set<UInt32>()
        var neighbours = [[UInt32]](repeating: [], count: mesh.vertexCount)
        for f in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(f)
            neighbours[Int(i)] += [j, k]
            neighbours[Int(j)] += [i, k]
            neighbours[Int(k)] += [i, j]
            if i == j || j == k || i == k { degenerate += 1; defects.formUnion([i, j, k]); continue }
            proper += 1
            let (a, b, c) = mesh.corners(f)
            let (da, db, dc) = (SIMD3<Double>(a), SIMD3<Double>(b), SIMD3<Double>(c))
            if cross(db - da, dc - da) == .zero { degenerate += 1; defects.formUnion([i, j, k]) }
            for (x, y) in [(i, j), (j, k), (k, i)] {
                uses[SIMD2(min(x, y), max(x, y)), default: []].append(x < y)
            }
            if !sets.insert([i, j, k].sorted()).inserted { duplicates += 1; defects.formUnion([i, j, k]) }
        }
        for (edge, directions) in uses where directions.count != 2 || directions[0] == directions[1] {
            defects.formUnion([edge.x, edge.y])
        }
        #expect(Set(mesh.defectVertices()) == defects)
        #expect(defects.isEmpty == (seed == 0))
        var component = [Int](repeating: -1, count: mesh.vertexCount)
        var components = 0, referenced = 0
        for start in 0..<mesh.vertexCount where component[start] < 0 && !neighbours[start].isEmpty {
            components += 1
            var stack = [start]
            component[start] = components
            while let v = stack.popLast() {
                referenced += 1
                for w in neighbours[v] where component[Int(w)] < 0 {
                    component[Int(w)] = components
                    stack.append(Int(w))
                }
            }
        }
        expectCounts(d, uses: uses, degenerate: degenerate, duplicates: duplicates)
        #expect(d.components == components)
        #expect(d.unreferencedVertices == mesh.vertexCount - referenced)
        #expect(d.eulerCharacteristic == referenced - uses.count + proper)
        #expect(d.isClosed == (seed == 0))
        #expect(d.isWatertight == (seed == 0))
        #expect(mesh.isWatertight() == d.isWatertight)
        let use = mesh.edgeUse()
        #expect(use.edgeCount == d.edgeCount && use.boundaryEdges == d.boundaryEdges)
        #expect(use.nonManifoldEdges == d.nonManifoldEdges)
        #expect(use.inconsistentlyOrientedEdges == d.inconsistentlyOrientedEdges)
        #expect(use.isClosed == d.isClosed && use.isConsistentlyOriented == d.isConsistentlyOriented)
    }

    /// `edgeUse()` decides most rows of its census (the half-edges of one lowest vertex) in one
    /// vector pass of up to 16 entries and sorts the others. Bipyramids whose two apexes have the
    /// lowest indices give rows of 6 to 40 entries; each is also damaged so that a row keeps an
    /// even number of entries, each meeting a reverse: a doubled pillow (an edge used four times,
    /// alternating), a duplicated triangle, a flipped one and a missing one.
    @Test(arguments: [3, 4, 7, 8, 9, 16, 20])
    func edgeUseMatchesBruteForceOnEveryRowLength(ring: Int) {
        var positions: [SIMD3<Float>] = [SIMD3(0, 0, 1), SIMD3(0, 0, -1)]
        var indices: [UInt32] = []
        for k in 0..<ring {
            let angle = 2 * Float.pi * Float(k) / Float(ring)
            positions.append(SIMD3(cos(angle), sin(angle), 0))
            let a = UInt32(2 + k), b = UInt32(2 + (k + 1) % ring)
            indices += [0, a, b, 1, b, a]
        }
        let bipyramid = TriangleMesh(positions: positions, indices: indices)
        var pillows = bipyramid
        pillows.indices += [0, 2, 3, 0, 3, 2, 0, 2, 3, 0, 3, 2]
        var duplicated = bipyramid
        duplicated.indices += Array(bipyramid.indices[0..<3])
        var flipped = bipyramid
        flipped.indices.swapAt(1, 2)
        var holed = bipyramid
        holed.indices.removeLast(3)
        for mesh in [bipyramid, pillows, duplicated, flipped, holed] {
            #expect(mesh.edgeUse() == bruteForceEdgeUse(mesh))
        }
        #expect(bipyramid.edgeUse().isClosed && bipyramid.edgeUse().isConsistentlyOriented)
        #expect(!pillows.edgeUse().isClosed && !duplicated.edgeUse().isClosed)
        #expect(flipped.edgeUse().isClosed && !flipped.edgeUse().isConsistentlyOriented)
        #expect(!holed.edgeUse().isClosed)
    }

    /// Random soups with many repeated and reversed half-edges: `edgeUse()` against a dictionary.
    @Test(arguments: [(12, 40), (300, 2000), (70000, 90000)])
    func edgeUseOfSoupsMatchesBruteForce(vertices: Int, triangles: Int) {
        var random = TestRandom(seed: UInt64(vertices + 1))
        var indices: [UInt32] = []
        for _ in 0..<triangles {
            let a = UInt32.random(in: 0..<UInt32(vertices), using: &random)
            indices += [a, (a + UInt32.random(in: 1..<5, using: &random)) % UInt32(vertices),
                        (a + UInt32.random(in: 0..<5, using: &random)) % UInt32(vertices)]
        }
        let mesh = TriangleMesh(positions: [SIMD3<Float>](repeating: .zero, count: vertices), indices: indices)
        #expect(mesh.edgeUse() == bruteForceEdgeUse(mesh))
    }

    /// Edge use counted with a dictionary of undirected edges (triangles with a repeated index skipped).
    private func bruteForceEdgeUse(_ mesh: TriangleMesh) -> EdgeUse {
        var uses: [SIMD2<UInt32>: [Bool]] = [:]
        for t in 0..<mesh.triangleCount {
            let (i, j, k) = mesh.triangle(t)
            if i == j || j == k || i == k { continue }
            for (a, b) in [(i, j), (j, k), (k, i)] {
                uses[SIMD2(min(a, b), max(a, b)), default: []].append(a < b)
            }
        }
        return EdgeUse(triangleCount: mesh.triangleCount, edgeCount: uses.count,
                       boundaryEdges: uses.values.filter { $0.count == 1 }.count,
                       nonManifoldEdges: uses.values.filter { $0.count > 2 }.count,
                       inconsistentlyOrientedEdges: uses.values.filter { $0.count == 2 && $0[0] == $0[1] }.count)
    }

    /// Checks the edge and triangle counts of `d` against a brute-force census: for each
    /// undirected edge, the directions (low → high vertex or not) of the half-edges using it.
    private func expectCounts(_ d: MeshDiagnostics, uses: [SIMD2<UInt32>: [Bool]], degenerate: Int, duplicates: Int) {
        #expect(d.edgeCount == uses.count)
        #expect(d.boundaryEdges == uses.values.filter { $0.count == 1 }.count)
        #expect(d.nonManifoldEdges == uses.values.filter { $0.count > 2 }.count)
        #expect(d.inconsistentlyOrientedEdges == uses.values.filter { $0.count == 2 && $0[0] == $0[1] }.count)
        #expect(d.degenerateTriangles == degenerate)
        #expect(d.duplicateTriangles == duplicates)
    }
}
