import Testing
import SDFGeometry
import SDFMeshIO
import SDFTestSupport
import SDFDistance

/// Batches are answered in Morton order, each search seeded with the previous answer's distance,
/// and leaves are measured four triangles at a time: none of it may change an answer.
@Suite struct CoherentQueryTests {
    /// Dense clusters of points (so consecutive Morton neighbours are close and the seed prunes
    /// hard) plus scattered ones, around `box`.
    static func clusteredPoints(in box: AABB, count: Int, seed: UInt64) -> [SIMD3<Float>] {
        var random = TestRandom(seed: seed)
        let padded = box.padded(by: 0.2 * box.longestSide)
        var points: [SIMD3<Float>] = []
        while points.count < count {
            let center = padded.min + random.point(in: 0, 1) * padded.size
            let spread = random.point(in: 0.001, 0.05).x * box.longestSide
            for _ in 0..<16 { points.append(center + random.point(in: -spread, spread)) }
        }
        return Array(points.prefix(count))
    }

    @Test(arguments: [1, 2, 3, 4])
    func seededBatchesMatchBruteForceOnRandomSoups(leafSize: Int) {
        let mesh = BVHTests.randomSoup(triangles: 700, seed: UInt64(40 + leafSize))
        let bvh = BVH(mesh: mesh, maximumLeafSize: leafSize)
        let points = Self.clusteredPoints(in: mesh.bounds, count: 600, seed: UInt64(leafSize))
        var batch = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            batch.withUnsafeMutableBufferPointer { bvh.unsignedDistances(at: p, into: $0) }
        }
        let tolerance = 1e-5 * Double(mesh.bounds.diagonal)
        for (p, d) in zip(points, batch) {
            #expect(abs(Double(d) - BruteForce.distance(p, to: mesh)) <= tolerance, "at \(p)")
        }
    }

    @Test func seededSignedDistancesMatchSingleQueriesAndBruteForce() throws {
        let mesh = BVHTests.randomSoup(triangles: 400, seed: 7)
        let field = try MeshDistanceField(mesh: mesh, sign: .winding)
        let points = Self.clusteredPoints(in: mesh.bounds, count: 800, seed: 8)
        let batch = field.signedDistances(at: points)
        let tolerance = 1e-5 * Double(mesh.bounds.diagonal)
        var agreed = 0
        for (p, d) in zip(points, batch) {
            let single = try #require(field.bvh.closestPoint(to: p))
            #expect(abs(abs(d) - single.distance) <= Float(tolerance), "at \(p)")
            #expect(abs(Double(abs(d)) - BruteForce.distance(p, to: mesh)) <= tolerance, "at \(p)")
            if (d < 0) == (exactWindingNumber(of: mesh, at: p) > 0.5) { agreed += 1 }
        }
        // The β = 2 expansion may flip only points whose winding number is within its error of ½.
        #expect(agreed >= points.count - 2, "\(points.count - agreed) signs disagree with the exact winding number")
    }

    /// Batches walk the points in pairs; non-finite points and an odd last point leave the pair
    /// path. Whatever the mix and the count, every finite row equals its single query and every
    /// non-finite row is NaN.
    @Test(arguments: [1, 2, 3, 17, 64, 65])
    func pairedQueriesMatchSingleQueriesAroundNonFinitePoints(count: Int) throws {
        let mesh = TestMeshes.torus(u: 48, v: 24)
        let field = try MeshDistanceField(mesh: mesh, sign: .pseudonormal)
        var points = Self.clusteredPoints(in: mesh.bounds, count: count, seed: UInt64(count))
        for index in stride(from: 1, to: count, by: 5) { points[index].y = .nan }
        for index in stride(from: 3, to: count, by: 7) { points[index].z = -.infinity }
        let batch = field.signedDistances(at: points)
        for (p, d) in zip(points, batch) {
            if !(p.x.isFinite && p.y.isFinite && p.z.isFinite) {
                #expect(d.isNaN, "at \(p)")
                continue
            }
            let single = try #require(field.bvh.closestPoint(to: p))
            #expect(abs(abs(d) - single.distance) <= 1e-6 * mesh.bounds.diagonal, "at \(p)")
            #expect((d < 0) == (exactWindingNumber(of: mesh, at: p) > 0.5), "at \(p)")
        }
    }

    @Test func seededSignedDistancesMatchBruteForceOnAnOpenMesh() throws {
        let mesh = try TriangleMesh(contentsOf: "/usr/share/assimp/models/STL/Spider_binary.stl")
        let field = try MeshDistanceField(mesh: mesh)
        #expect(field.sign == .winding)
        let sampler = try SurfaceSampler(mesh: mesh)
        var random = TestRandom(seed: 31)
        let noise = 0.002 * mesh.bounds.longestSide
        let near = (0..<300).map { sampler.sample($0, seed: 5).point + random.point(in: -noise, noise) }
        let points = near + Self.clusteredPoints(in: mesh.bounds, count: 300, seed: 32)
        let batch = field.signedDistances(at: points)
        let tolerance = 1e-5 * Double(mesh.bounds.diagonal)
        var agreed = 0
        for (p, d) in zip(points, batch) {
            #expect(abs(Double(abs(d)) - BruteForce.distance(p, to: mesh)) <= tolerance, "at \(p)")
            if (d < 0) == (exactWindingNumber(of: mesh, at: p) > 0.5) { agreed += 1 }
        }
        // The β = 2 expansion may flip only points whose winding number is within its error of ½.
        #expect(agreed >= points.count - 2)
    }

    @Test func exactTreeWindingNumbersMatchTheDoubleSum() {
        // β = 0 opens every node: the SIMD solid angles of the leaves alone give the answer.
        let mesh = BVHTests.randomSoup(triangles: 300, seed: 9)
        let exactTree = FastWindingNumber(bvh: BVH(mesh: mesh), accuracy: 0)
        var random = TestRandom(seed: 10)
        let box = mesh.bounds.padded(by: 0.1)
        for _ in 0..<300 {
            let p = box.min + random.point(in: 0, 1) * box.size
            #expect(abs(Double(exactTree.windingNumber(at: p)) - exactWindingNumber(of: mesh, at: p)) < 2e-5, "at \(p)")
        }
    }
    /// Batch winding numbers, evaluated by `signedDistances` for packets of Morton neighbours.
    static func batchWindingNumbers(_ field: MeshDistanceField, _ points: [SIMD3<Float>]) -> [Float] {
        var distances = [Float](repeating: 0, count: points.count)
        var winding = [Float](repeating: .nan, count: points.count)
        points.withUnsafeBufferPointer { p in
            distances.withUnsafeMutableBufferPointer { d in
                winding.withUnsafeMutableBufferPointer { field.signedDistances(at: p, into: d, windingNumbers: $0) }
            }
        }
        return winding
    }

    @Test func packetWindingNumbersOnAnExactTreeMatchTheDoubleSum() throws {
        // β = 0 opens every node for every packet: the eight-lane solid angles alone give the answer.
        let mesh = BVHTests.randomSoup(triangles: 300, seed: 13)
        let field = try MeshDistanceField(mesh: mesh, sign: .winding, windingAccuracy: 0)
        let points = Self.clusteredPoints(in: mesh.bounds, count: 400, seed: 14)
        for (p, w) in zip(points, Self.batchWindingNumbers(field, points)) {
            #expect(abs(Double(w) - exactWindingNumber(of: mesh, at: p)) < 2e-5, "at \(p)")
        }
    }

    @Test(arguments: [false, true])
    func packetWindingNumbersAreAsAccurateAsSingleQueries(closed: Bool) throws {
        // A packet expands a node only when it is far from all of its points, so no point gets a
        // coarser answer than its own traversal would give.
        let mesh = closed ? TestMeshes.torus() : BVHTests.randomSoup(triangles: 600, seed: 15)
        let field = try MeshDistanceField(mesh: mesh, sign: .winding)
        var points = Self.clusteredPoints(in: mesh.bounds, count: 600, seed: 16)
        let sampler = try SurfaceSampler(mesh: mesh)
        var random = TestRandom(seed: 17)
        let noise = 0.003 * mesh.bounds.longestSide
        points += (0..<600).map { sampler.sample($0, seed: 18).point + random.point(in: -noise, noise) }
        let packets = Self.batchWindingNumbers(field, points)
        let singles = field.windingNumber.windingNumbers(at: points)
        var packetError = 0.0, singleError = 0.0
        for i in points.indices {
            let reference = exactWindingNumber(of: mesh, at: points[i])
            #expect(abs(Double(packets[i]) - reference) < 1e-2, "at \(points[i])")
            packetError += abs(Double(packets[i]) - reference)
            singleError += abs(Double(singles[i]) - reference)
        }
        #expect(packetError <= singleError * 1.05 + 1e-6 * Double(points.count))
    }
}
