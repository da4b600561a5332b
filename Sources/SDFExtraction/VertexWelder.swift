import SDFGeometry

/// Joins the chunks of a meshing pass into one indexed mesh, welding the vertices that several
/// blocks made for the same border edge.
///
/// Vertices are first numbered by concatenating the chunks in order ("temporary" numbers). Border
/// vertices are looked up by global edge key in small hash tables, one per partition of the keys
/// (partitions are welded in parallel, each scanning its border entries in order): a later copy
/// is marked as a duplicate of the first. Surviving vertices keep their relative order (so the
/// result is deterministic and does not depend on the thread count); positions are copied and
/// triangle indices remapped in parallel, chunk by chunk.
enum VertexWelder {
    /// Marks a temporary number whose low bits name the first copy of the same vertex.
    private static let duplicateFlag: UInt32 = 1 << 31

    /// Pieces of the parallel passes: eight per thread (handed out as threads free up, since
    /// chunks differ in size), or one.
    private static var pieces: Int { Parallelism.threadCount == 1 ? 1 : 8 * Parallelism.threadCount }

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
        // Number the first copies chunk by chunk: count them (only border vertices can be
        // duplicates), then assign in parallel.
        let firstCopies = finalId.withUnsafeBufferPointer { ids in
            let idPointer = SendableConstPointer(ids)
            return countPerChunk(chunks.count) { c in
                let base = vertexOffsetsCopy[c]
                var duplicates = 0
                for local in chunks[c].borderVertices where idPointer[base + Int(local)] != 0 { duplicates += 1 }
                return chunks[c].positions.count - duplicates
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
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
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
        // Give duplicates their first copy's final number (first copies are never duplicates, so
        // no entry read here is written here).
        finalId.withUnsafeMutableBufferPointer { ids in
            let idPointer = SendablePointer(ids)
            Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
                for c in range {
                    let base = vertexOffsetsCopy[c]
                    for local in chunks[c].borderVertices {
                        let id = idPointer[base + Int(local)]
                        if id & duplicateFlag != 0 { idPointer[base + Int(local)] = idPointer[Int(id & ~duplicateFlag)] }
                    }
                }
            }
        }

        let indices = [UInt32](unsafeUninitializedCapacity: indexTotal) { out, initialized in
            finalId.withUnsafeBufferPointer { ids in
                let o = SendablePointer(out), map = SendableConstPointer(ids)
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
                    for c in range {
                        let vertexOffset = vertexOffsetsCopy[c]
                        let base = indexOffsetsCopy[c]
                        for (k, local) in chunks[c].indices.enumerated() { o[base + k] = map[vertexOffset + Int(local)] }
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
            Parallelism.forEachChunk(count: count, minimumChunk: 1, maxChunks: pieces) { range, _ in
                for c in range { out[c] = body(c) }
            }
        }
        return result
    }

    /// Border entries per partition of `markDuplicates` (its hash table then stays in cache).
    private static let entriesPerPartition = 8192

    /// Sets `ids[i] = duplicateFlag | first` for every border vertex `i` whose edge already has
    /// an earlier vertex `first`; leaves 0 elsewhere.
    ///
    /// The border entries are first split by a hash of their key into partitions small enough
    /// for a cached hash table, keeping their order (each thread scatters a contiguous run of
    /// chunks, after the runs before it); the partitions are then welded in parallel.
    private static func markDuplicates(_ chunks: [ChunkMesh], vertexOffsets: [Int], borderTotal: Int,
                                       into ids: SendablePointer<UInt32>) {
        guard borderTotal > 0 else { return }
        var partitionBits = 0
        while (borderTotal >> partitionBits) > entriesPerPartition && partitionBits < 12 { partitionBits += 1 }
        let bits = partitionBits, partitions = 1 << bits
        let runs = Parallelism.chunkCount(count: chunks.count, minimumChunk: 8)
        // cursor[r * partitions + p]: where run r writes its next entry of partition p.
        var cursor = [Int](repeating: 0, count: runs * partitions)
        cursor.withUnsafeMutableBufferPointer { counts in
            let out = SendablePointer(counts)
            Parallelism.forEachChunk(count: chunks.count, minimumChunk: 8, maxChunks: runs) { range, r in
                for c in range {
                    for key in chunks[c].borderKeys { out[r * partitions + partition(key, bits: bits)] += 1 }
                }
            }
        }
        var partitionStart = [Int](repeating: 0, count: partitions + 1)
        var total = 0
        for p in 0..<partitions {
            partitionStart[p] = total
            for r in 0..<runs {
                let n = cursor[r * partitions + p]
                cursor[r * partitions + p] = total
                total += n
            }
        }
        partitionStart[partitions] = total

        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: borderTotal)
        defer { keys.deallocate() }
        let vertices = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: borderTotal)
        defer { vertices.deallocate() }
        let keyOut = SendablePointer(keys), vertexOut = SendablePointer(vertices)
        cursor.withUnsafeMutableBufferPointer { cursors in
            let cur = SendablePointer(cursors)
            Parallelism.forEachChunk(count: chunks.count, minimumChunk: 8, maxChunks: runs) { range, r in
                for c in range {
                    let offset = UInt32(vertexOffsets[c])
                    for (local, key) in zip(chunks[c].borderVertices, chunks[c].borderKeys) {
                        let slot = r * partitions + partition(key, bits: bits)
                        let n = cur[slot]
                        cur[slot] = n + 1
                        keyOut[n] = key
                        vertexOut[n] = offset + local
                    }
                }
            }
        }

        let starts = partitionStart
        let largest = (0..<partitions).map { starts[$0 + 1] - starts[$0] }.max()!
        Parallelism.forEachChunk(count: partitions, minimumChunk: 1) { range, _ in
            var table = EdgeKeyTable(capacityFor: largest)
            for p in range {
                if p != range.lowerBound { table.removeAll() }
                for n in starts[p]..<starts[p + 1] {
                    let id = vertexOut[n]
                    let first = table.valueInsertingIfAbsent(keyOut[n], id)
                    if first != id { ids[Int(id)] = duplicateFlag | first }
                }
            }
        }
    }

    /// Which of `1 << bits` partitions `key` belongs to (independent of `EdgeKeyTable`'s slot hash).
    @inline(__always)
    private static func partition(_ key: UInt64, bits: Int) -> Int {
        bits == 0 ? 0 : Int(truncatingIfNeeded: (key &* 0xC2B2_AE3D_27D4_EB4F) >> UInt64(64 - bits))
    }
}
