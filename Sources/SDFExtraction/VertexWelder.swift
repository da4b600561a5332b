import SDFGeometry

/// Joins the chunks of a meshing pass into one indexed mesh, welding the vertices that several
/// blocks made for the same border edge.
///
/// Vertices are first numbered by concatenating the chunks in order ("temporary" numbers). Border
/// vertices are looked up by global edge key in hash tables partitioned by key, one partition per
/// thread, each scanning the border entries in order: a later copy is marked as a duplicate of the
/// first. Surviving vertices keep their relative order (so the result is deterministic and does
/// not depend on the thread count); positions are copied and triangle indices remapped in
/// parallel, chunk by chunk.
enum VertexWelder {
    /// Marks a temporary number whose low bits name the first copy of the same vertex.
    private static let duplicateFlag: UInt32 = 1 << 31

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
        precondition(vertexTotal < Int(duplicateFlag), "too many vertices for 32-bit indices")

        var finalId = [UInt32](repeating: 0, count: vertexTotal)
        let vertexOffsetsCopy = vertexOffsets, indexOffsetsCopy = indexOffsets
        finalId.withUnsafeMutableBufferPointer { ids in
            markDuplicates(chunks, vertexOffsets: vertexOffsets, borderTotal: borderTotal,
                           into: SendablePointer(ids))
        }
        // Number the first copies chunk by chunk: count them, then assign in parallel.
        let firstCopies = finalId.withUnsafeBufferPointer { ids in
            let idPointer = SendableConstPointer(ids)
            return countPerChunk(chunks.count) { c in
                let base = vertexOffsetsCopy[c]
                var n = 0
                for i in base..<base + chunks[c].positions.count where idPointer[i] == 0 { n += 1 }
                return n
            }
        }
        var firstCopyOffsets = [Int](), uniqueCount = 0
        for n in firstCopies {
            firstCopyOffsets.append(uniqueCount)
            uniqueCount += n
        }
        let positions = finalId.withUnsafeMutableBufferPointer { ids in
            let idPointer = SendablePointer(ids)
            return [SIMD3<Float>](unsafeUninitializedCapacity: uniqueCount) { out, count in
                let positionPointer = SendablePointer(out)
                let offsets = firstCopyOffsets
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 8) { range, _ in
                    for c in range {
                        var next = offsets[c]
                        let base = vertexOffsetsCopy[c]
                        for (local, p) in chunks[c].positions.enumerated() where idPointer[base + local] == 0 {
                            idPointer[base + local] = UInt32(next)
                            positionPointer[next] = p
                            next += 1
                        }
                    }
                }
                count = uniqueCount
            }
        }

        let indices = [UInt32](unsafeUninitializedCapacity: indexTotal) { out, initialized in
            finalId.withUnsafeBufferPointer { ids in
                let o = SendablePointer(out), map = SendableConstPointer(ids)
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 8) { range, _ in
                    for c in range {
                        let vertexOffset = vertexOffsetsCopy[c]
                        let base = indexOffsetsCopy[c]
                        for (k, local) in chunks[c].indices.enumerated() {
                            var id = map[vertexOffset + Int(local)]
                            if id & duplicateFlag != 0 { id = map[Int(id & ~duplicateFlag)] }
                            o[base + k] = id
                        }
                    }
                }
            }
            initialized = indexTotal
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// `body(c)` for every chunk index, in parallel.
    private static func countPerChunk(_ count: Int, _ body: @Sendable (Int) -> Int) -> [Int] {
        var result = [Int](repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer)
            Parallelism.forEachChunk(count: count, minimumChunk: 8) { range, _ in
                for c in range { out[c] = body(c) }
            }
        }
        return result
    }

    /// Sets `ids[i] = duplicateFlag | first` for every border vertex `i` whose edge already has
    /// an earlier vertex `first`; leaves 0 elsewhere.
    private static func markDuplicates(_ chunks: [ChunkMesh], vertexOffsets: [Int], borderTotal: Int,
                                       into ids: SendablePointer<UInt32>) {
        let minimumPartition = 65536
        let partitions = Parallelism.chunkCount(count: borderTotal, minimumChunk: minimumPartition)
        Parallelism.forEachChunk(count: borderTotal, minimumChunk: minimumPartition) { _, part in
            var table = EdgeKeyTable(capacityFor: borderTotal / partitions + 64)
            for (c, chunk) in chunks.enumerated() {
                let offset = UInt32(vertexOffsets[c])
                for (local, key) in zip(chunk.borderVertices, chunk.borderKeys)
                where EdgeKeyTable.partition(of: key, count: partitions) == part {
                    let id = offset + local
                    let first = table.valueInsertingIfAbsent(key, id)
                    if first != id { ids[Int(id)] = duplicateFlag | first }
                }
            }
        }
    }
}
