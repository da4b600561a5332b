import Testing
import SDFGeometry

@Suite struct SimplexLatticeTests {
    /// Deterministic pseudo-random points (no Foundation dependency).
    func randomPoints(_ count: Int, seed: UInt64, range: Float) -> [SIMD3<Float>] {
        var state = seed
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0..<count).map { _ in SIMD3(next(), next(), next()) * 2 * range - range }
    }

    @Test func weightsArePositiveSumToOneAndReproduceThePoint() {
        let lattice = SimplexLattice(scale: 3.7, origin: SIMD3(0.1, -0.2, 0.3))
        for p in randomPoints(2000, seed: 1, range: 5) {
            let s = lattice.locate(p)
            #expect(s.weights.min() >= 0)
            #expect(abs(s.weights.sum() - 1) < 1e-5)
            var q = SIMD3<Float>.zero
            for i in 0..<4 { q += s.weights[i] * lattice.worldPosition(ofVertex: s.vertex(i)) }
            #expect(length(q - p) < 1e-4 * max(1, length(p)))
        }
    }

    @Test func skewAndUnskewAreInverse() {
        for p in randomPoints(100, seed: 2, range: 10) {
            #expect(length(SimplexLattice.unskew(SimplexLattice.skew(p)) - p) < 1e-4)
        }
    }

    @Test func cellTetrahedraArePositiveCongruentAndNearlyRegular() {
        var volume: Float = 0
        for tet in SimplexLattice.cellTetrahedra {
            let v = (0..<4).map { SimplexLattice.unskew(SIMD3<Float>(SimplexLattice.cornerOffset(tet[$0]))) }
            let det = dot(v[1] - v[0], cross(v[2] - v[0], v[3] - v[0]))
            #expect(det > 0)
            volume += det / 6
            var edges: [Float] = []
            for i in 0..<4 { for j in (i + 1)..<4 { edges.append(length(v[i] - v[j])) } }
            edges.sort()
            for e in edges.prefix(4) { #expect(abs(e - Float(0.75).squareRoot()) < 1e-5) }
            for e in edges.suffix(2) { #expect(abs(e - 1) < 1e-5) }
        }
        // The six tetrahedra tile the unskewed cell, whose volume is det(U) = 1/2.
        #expect(abs(volume - 0.5) < 1e-5)
    }

    @Test func locatedSimplexIsOneOfTheCellTetrahedra() {
        let tets = Set(SimplexLattice.cellTetrahedra.map { t in
            [t[0], t[1], t[2], t[3]].map { SimplexLattice.cornerOffset($0) }.sorted { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }
                .map { "\($0)" }.joined()
        })
        for p in randomPoints(500, seed: 3, range: 4) {
            let s = SimplexLattice.locate(skewed: p)
            let key = (0..<4).map { s.vertex($0) &- s.cell }
                .sorted { ($0.x, $0.y, $0.z) < ($1.x, $1.y, $1.z) }.map { "\($0)" }.joined()
            #expect(tets.contains(key))
        }
    }

    @Test func neighbouringCellsAgreeOnSharedFaces() {
        // On the face x' = 1 between cells 0 and 1, the interpolation from both sides must use
        // the same vertices with the same weights (C0 continuity of the encoding).
        for p in randomPoints(300, seed: 4, range: 0.5) {
            let f = SIMD3<Float>(1, abs(p.y), abs(p.z))
            let left = Simplex(cell: .zero, fraction: SIMD3(1, f.y, f.z))
            let right = Simplex(cell: SIMD3(1, 0, 0), fraction: SIMD3(0, f.y, f.z))
            var a: [String: Float] = [:]
            var b: [String: Float] = [:]
            for i in 0..<4 {
                a["\(left.vertex(i))", default: 0] += left.weights[i]
                b["\(right.vertex(i))", default: 0] += right.weights[i]
            }
            for (k, w) in a where w > 1e-6 { #expect(abs((b[k] ?? 0) - w) < 1e-5) }
            for (k, w) in b where w > 1e-6 { #expect(abs((a[k] ?? 0) - w) < 1e-5) }
        }
    }

    @Test func nDimensionalLocateMatches3D() {
        for p in randomPoints(200, seed: 5, range: 3) {
            let nd = SimplexLattice.locate(point: [Double(p.x), Double(p.y), Double(p.z)])
            let s = SimplexLattice.locate(skewed: SimplexLattice.skew(p))
            for i in 0..<4 {
                let v = s.vertex(i)
                #expect(nd.vertices[i] == [Int(v.x), Int(v.y), Int(v.z)])
                #expect(abs(nd.weights[i] - Double(s.weights[i])) < 1e-4)
            }
        }
    }
}
