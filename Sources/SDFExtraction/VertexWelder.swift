import SDFGeometry

/// Joins the chunks of a meshing pass into one indexed mesh, welding the vertices that several
/// blocks made for the same border edge.
///
/// Vertices are numbered by concatenating the chunks in order. Border vertices go through an
/// `EdgeKeyTable` keyed by global edge key: each later copy points to the first. Surviving vertices
/// keep their relative order, so the result is deterministic; triangle indices are remapped in
/// parallel, one chunk per task.
enum VertexWelder {
    static func weld(_ chunks: [ChunkMesh]) -> TriangleMesh {
        var vertexOffsets = [Int](), indexOffsets = [Int]()
        var vertexTotal = 0, indexTotal = 0, borderTotal = 0
        for chunk in chunks {
            vertexOffsets.append(vertexTotal)
            indexOffsets.append(indexTotal)
            vertexTotal += chunk.positions.count
            indexTotal += chunk.indices.count
            borderTotal += chunk.borderKeys.count
        }
        guard indexTotal > 0 else { return TriangleMesh() }

        // finalId[i] first names the earliest copy of vertex i, then its number in the output.
        var finalId = [UInt32](unsafeUninitializedCapacity: vertexTotal) { buffer, count in
            for i in 0..<vertexTotal { buffer[i] = UInt32(i) }
            count = vertexTotal
        }
        var table = EdgeKeyTable(capacityFor: borderTotal)
        for (c, chunk) in chunks.enumerated() {
            let offset = UInt32(vertexOffsets[c])
            for (local, key) in zip(chunk.borderVertices, chunk.borderKeys) {
                let id = offset + local
                finalId[Int(id)] = table.valueInsertingIfAbsent(key, id)
            }
        }
        var positions = [SIMD3<Float>]()
        positions.reserveCapacity(vertexTotal - borderTotal / 2)
        var next: UInt32 = 0
        for (c, chunk) in chunks.enumerated() {
            let offset = vertexOffsets[c]
            for local in 0..<chunk.positions.count {
                let i = offset + local
                let first = Int(finalId[i])
                if first == i {
                    finalId[i] = next
                    next += 1
                    positions.append(chunk.positions[local])
                } else {
                    finalId[i] = finalId[first]
                }
            }
        }

        var indices = [UInt32](repeating: 0, count: indexTotal)
        indices.withUnsafeMutableBufferPointer { out in
            finalId.withUnsafeBufferPointer { ids in
                let o = SendablePointer(out), map = SendableConstPointer(ids)
                let vertexOffsets = vertexOffsets, indexOffsets = indexOffsets
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 16) { range, _ in
                    for c in range {
                        let vertexOffset = UInt32(vertexOffsets[c])
                        let base = indexOffsets[c]
                        for (k, local) in chunks[c].indices.enumerated() {
                            o[base + k] = map[Int(vertexOffset + local)]
                        }
                    }
                }
            }
        }
        return TriangleMesh(positions: positions, indices: indices)
    }
}
