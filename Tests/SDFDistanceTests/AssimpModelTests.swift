import Testing
import SDFGeometry
import SDFMeshIO
import SDFTestSupport
import SDFDistance

/// Real, imperfect meshes from Debian's assimp-testmodels: open, multi-part, inconsistently wound.
@Suite struct AssimpModelTests {
    static let models = ["STL/sphereWithHole.stl", "STL/Spider_binary.stl", "OBJ/spider.obj"]

    @Test(arguments: models)
    func pointsFarOutsideArePositive(model: String) throws {
        let mesh = try TriangleMesh(contentsOf: "/usr/share/assimp/models/" + model)
        let field = try MeshDistanceField(mesh: mesh)
        #expect(field.sign == .winding)  // none of them is watertight
        let center = mesh.bounds.center, radius = mesh.bounds.diagonal
        var random = TestRandom(seed: 21)
        let points = (0..<2000).map { _ -> SIMD3<Float> in
            let direction = normalizedOrZero(random.point(in: -1, 1))
            return center + direction * radius * Float.random(in: 0.6...3, using: &random)
        }
        let distances = field.signedDistances(at: points)
        #expect(distances.allSatisfy { $0 > 0 })
        for (p, d) in zip(points.prefix(50), distances) {
            #expect(abs(Double(d) - BruteForce.distance(p, to: mesh)) <= 1e-5 * Double(radius))
        }
    }

    @Test func sphereWithHoleIsInsideAtItsCentre() throws {
        let mesh = try TriangleMesh(contentsOf: "/usr/share/assimp/models/STL/sphereWithHole.stl")
        let field = try MeshDistanceField(mesh: mesh)
        let center = mesh.bounds.center
        #expect(exactWindingNumber(of: mesh, at: center) > 0.5)
        #expect(field.distance(at: center) < 0)
        #expect(abs(Double(field.windingNumber.windingNumber(at: center)) - exactWindingNumber(of: mesh, at: center)) < 1e-2)
    }

    @Test func fastWindingMatchesExactOnTheSpider() throws {
        let mesh = try TriangleMesh(contentsOf: "/usr/share/assimp/models/OBJ/spider.obj")
        let field = try MeshDistanceField(mesh: mesh)
        var random = TestRandom(seed: 22)
        let box = mesh.bounds
        let points = (0..<300).map { _ in box.min + random.point(in: 0, 1) * box.size }
        let winding = field.windingNumber.windingNumbers(at: points)
        let distances = field.signedDistances(at: points)
        for (i, p) in points.enumerated() {
            let exact = exactWindingNumber(of: mesh, at: p)
            #expect(abs(Double(winding[i]) - exact) < 1e-2)
            if abs(exact - 0.5) > 0.02 { #expect((distances[i] < 0) == (exact > 0.5), "at \(p)") }
        }
    }
}
