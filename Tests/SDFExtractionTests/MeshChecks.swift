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

/// The triangles of a mesh as position triples (rotated to start at the smallest corner), sorted:
/// equal for meshes that differ only in vertex and triangle order.
func canonicalTriangles(_ mesh: TriangleMesh) -> [Float] {
    func less(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Bool {
        a.x != b.x ? a.x < b.x : a.y != b.y ? a.y < b.y : a.z < b.z
    }
    var triangles: [(SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)] = []
    for t in 0..<mesh.triangleCount {
        var (a, b, c) = mesh.corners(t)
        while less(b, a) || less(c, a) { (a, b, c) = (b, c, a) }
        triangles.append((a, b, c))
    }
    triangles.sort { x, y in
        x.0 != y.0 ? less(x.0, y.0) : x.1 != y.1 ? less(x.1, y.1) : less(x.2, y.2)
    }
    return triangles.flatMap { [$0.0.x, $0.0.y, $0.0.z, $0.1.x, $0.1.y, $0.1.z, $0.2.x, $0.2.y, $0.2.z] }
}
