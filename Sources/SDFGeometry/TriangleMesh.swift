/// An indexed triangle mesh: contiguous `Float` positions and `UInt32` triangle indices.
///
/// The one mesh type of sdfkit: produced by import and extraction, consumed by distance queries,
/// export and evaluation. Triangle `t` is `indices[3t], indices[3t+1], indices[3t+2]`, counter-
/// clockwise seen from outside (outward normals under the negative-inside sign convention).
public struct TriangleMesh: Sendable, Equatable {
    /// Vertex positions, world space.
    public var positions: [SIMD3<Float>]
    /// Three vertex indices per triangle.
    public var indices: [UInt32]

    public init(positions: [SIMD3<Float>] = [], indices: [UInt32] = []) {
        precondition(indices.count % 3 == 0, "indices must hold three per triangle")
        self.positions = positions
        self.indices = indices
    }

    @inlinable public var vertexCount: Int { positions.count }
    @inlinable public var triangleCount: Int { indices.count / 3 }
    @inlinable public var isEmpty: Bool { indices.isEmpty }

    /// The three vertex indices of triangle `t`.
    @inlinable
    public func triangle(_ t: Int) -> (UInt32, UInt32, UInt32) {
        (indices[3 * t], indices[3 * t + 1], indices[3 * t + 2])
    }

    /// The three corner positions of triangle `t`.
    @inlinable
    public func corners(_ t: Int) -> (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>) {
        (positions[Int(indices[3 * t])], positions[Int(indices[3 * t + 1])],
         positions[Int(indices[3 * t + 2])])
    }

    /// Bounds of the referenced and unreferenced vertices alike.
    public var bounds: AABB { AABB(containing: positions) }

    /// Appends `other`, offsetting its indices.
    public mutating func append(_ other: TriangleMesh) {
        let offset = UInt32(positions.count)
        positions.append(contentsOf: other.positions)
        indices.reserveCapacity(indices.count + other.indices.count)
        for i in other.indices { indices.append(i + offset) }
    }

    /// The mesh with every triangle's winding reversed (normals flipped).
    public func flipped() -> TriangleMesh {
        var copy = self
        for t in 0..<triangleCount { copy.indices.swapAt(3 * t + 1, 3 * t + 2) }
        return copy
    }

    /// The mesh with every position mapped through `transform`.
    public func transformed(_ transform: (SIMD3<Float>) -> SIMD3<Float>) -> TriangleMesh {
        TriangleMesh(positions: positions.map(transform), indices: indices)
    }
}
