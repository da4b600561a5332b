import SDFGeometry

/// Independent topology checks for extracted meshes (directed-edge pairing, Euler characteristic).
struct MeshTopology {
    /// Directed edges without exactly one reverse partner, or used more than once.
    var unpairedDirectedEdges = 0
    var edges = 0
    var eulerCharacteristic = 0
    var components = 0
    var zeroAreaTriangles = 0

    init(_ mesh: TriangleMesh) {
        var directed: [UInt64: Int] = [:]
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            for (u, v) in [(a, b), (b, c), (c, a)] {
                directed[UInt64(u) << 32 | UInt64(v), default: 0] += 1
            }
            if lengthSquared(mesh.areaVector(t)) == 0 { zeroAreaTriangles += 1 }
        }
        for (key, count) in directed {
            let reverse = (key << 32) | (key >> 32)
            if count != 1 || directed[reverse] != 1 { unpairedDirectedEdges += 1 }
        }
        edges = directed.count / 2
        var parent = Array(0..<mesh.vertexCount)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var used = [Bool](repeating: false, count: mesh.vertexCount)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            for v in [a, b, c] { used[Int(v)] = true }
            parent[root(Int(a))] = root(Int(b))
            parent[root(Int(b))] = root(Int(c))
        }
        let usedCount = used.filter { $0 }.count
        components = (0..<mesh.vertexCount).filter { used[$0] && root($0) == $0 }.count
        eulerCharacteristic = usedCount - edges + mesh.triangleCount
    }

    /// Every edge is shared by exactly two triangles that traverse it in opposite directions.
    var isClosedAndOriented: Bool { unpairedDirectedEdges == 0 }
}

/// The triangles of a mesh as sorted position triples, for comparing meshes whose vertex order
/// differs.
func canonicalTriangles(_ mesh: TriangleMesh) -> [[Float]] {
    func key(_ p: SIMD3<Float>) -> [Float] { [p.x, p.y, p.z] }
    func less(_ a: [Float], _ b: [Float]) -> Bool { a.lexicographicallyPrecedes(b) }
    var triangles: [[Float]] = []
    for t in 0..<mesh.triangleCount {
        let (a, b, c) = mesh.corners(t)
        var rotations = [[a, b, c], [b, c, a], [c, a, b]].map { $0.flatMap(key) }
        rotations.sort(by: less)
        triangles.append(rotations[0])
    }
    return triangles.sorted(by: less)
}
