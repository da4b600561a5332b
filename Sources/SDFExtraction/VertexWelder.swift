import SDFGeometry

/// Joins the chunks of a meshing pass into one indexed mesh, welding the vertices that several
/// blocks made for the same border edge.
///
/// The chunks' border entries (vertex and edge key) are numbered by concatenating the chunks in
/// order. They are looked up by edge key in small hash tables, one per partition of the keys
/// (partitions are welded in parallel, each scanning its entries in order), which gives every
/// entry the first entry of its edge. A vertex that is not such a first copy is a duplicate.
/// Surviving vertices keep their relative order (so the result is deterministic and does not
/// depend on the thread count): the border entries get their final numbers first, then each
/// chunk copies its surviving positions and renumbers its triangles through a chunk-local map,
/// chunks in parallel. Chunks whose indices lie in one `SharedIndices` array are renumbered in
/// place, and that array becomes the mesh's (welding takes it out of the chunks).
enum VertexWelder {
    /// Pieces of the parallel passes: eight per thread (handed out as threads free up, since
    /// chunks differ in size), or one.
    private static var pieces: Int { Parallelism.threadCount == 1 ? 1 : 8 * Parallelism.threadCount }

    static func weld(_ chunks: [ChunkMesh]) -> TriangleMesh {
        var indexOffsets = [Int](), borderOffsets = [Int]()
        var vertexTotal = 0, indexTotal = 0, borderTotal = 0
        for chunk in chunks {
            indexOffsets.append(indexTotal)
            borderOffsets.append(borderTotal)
            vertexTotal += chunk.positions.count
            indexTotal += chunk.indexCount
            borderTotal += chunk.borderKeys.count
        }
        borderOffsets.append(borderTotal)
        guard indexTotal > 0 else { return TriangleMesh() }
        precondition(vertexTotal <= Int(UInt32.max), "too many vertices for 32-bit indices")

        let first = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: borderTotal)
        defer { first.deallocate() }
        let final = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: borderTotal)
        defer { final.deallocate() }
        markFirstCopies(chunks, borderOffsets: borderOffsets, into: SendablePointer(first))
        let firstEntry = SendableConstPointer(UnsafePointer(first.baseAddress!))
        let finalNumber = SendablePointer(final)
        let borderStart = borderOffsets

        let survivors = countPerChunk(chunks.count) { c in
            var duplicates = 0
            for j in borderStart[c]..<borderStart[c + 1] where firstEntry[j] != UInt32(j) { duplicates += 1 }
            return chunks[c].positions.count - duplicates
        }
        var vertexOffsets = [Int](), uniqueCount = 0
        for n in survivors {
            vertexOffsets.append(uniqueCount)
            uniqueCount += n
        }
        // Final numbers of the border entries: first copies chunk by chunk (a vertex's number is
        // its chunk's offset plus the survivors before it), then duplicates from their first copy.
        let offsets = vertexOffsets
        Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
            for c in range {
                var duplicates = 0
                for (k, local) in chunks[c].borderVertices.enumerated() {
                    let j = borderStart[c] + k
                    if firstEntry[j] == UInt32(j) {
                        finalNumber[j] = UInt32(offsets[c] + Int(local) - duplicates)
                    } else {
                        duplicates += 1
                    }
                }
            }
        }
        Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
            for j in borderStart[range.lowerBound]..<borderStart[range.upperBound] where firstEntry[j] != UInt32(j) {
                finalNumber[j] = finalNumber[Int(firstEntry[j])]
            }
        }

        // Each chunk copies its surviving positions and renumbers its triangles, from its own
        // buffer into the mesh's array, or in place when the chunks share one index array.
        let shared = sharedIndices(of: chunks, indexOffsets: indexOffsets)
        var indices: [UInt32] = []
        let positions = [SIMD3<Float>](unsafeUninitializedCapacity: uniqueCount) { positionBuffer, positionCount in
            let positionOut = SendablePointer(positionBuffer)
            let indexStart = indexOffsets
            let renumber = { (indexOut: SendablePointer<UInt32>) in
                Parallelism.forEachChunk(count: chunks.count, minimumChunk: 1, maxChunks: pieces) { range, _ in
                    let largest = range.map { chunks[$0].positions.count }.max() ?? 0
                    let map = UnsafeMutablePointer<UInt32>.allocate(capacity: largest)
                    defer { map.deallocate() }
                    for c in range {
                        copySurvivors(of: chunks[c], borderStart: borderStart[c], firstEntry: firstEntry,
                                      finalNumber: UnsafePointer(finalNumber.base), vertexOffset: offsets[c],
                                      positions: positionOut.base, map: map)
                        let out = indexOut.base + indexStart[c]
                        let source = shared == nil ? chunks[c].indices.baseAddress! : UnsafePointer(out)
                        for k in 0..<chunks[c].indexCount { out[k] = map[Int(source[k])] }
                    }
                }
            }
            if let shared {
                precondition(shared.count == indexTotal, "chunks sharing an index array can be welded only once")
                indices = shared.take()
                indices.withUnsafeMutableBufferPointer { renumber(SendablePointer($0)) }
            } else {
                indices = [UInt32](unsafeUninitializedCapacity: indexTotal) { indexBuffer, indexCount in
                    renumber(SendablePointer(indexBuffer))
                    indexCount = indexTotal
                }
            }
            positionCount = uniqueCount
        }
        return TriangleMesh(positions: positions, indices: indices)
    }

    /// The index array the chunks share, if they all do and hold it chunk after chunk, entirely.
    private static func sharedIndices(of chunks: [ChunkMesh], indexOffsets: [Int]) -> SharedIndices? {
        guard let shared = chunks.first?.shared else { return nil }
        for (c, chunk) in chunks.enumerated() {
            guard chunk.shared === shared, chunk.sharedRange.lowerBound == indexOffsets[c] else { return nil }
        }
        return shared
    }

    /// Copies the chunk's surviving positions to `positions[vertexOffset...]` and sets `map` to
    /// the final number of each chunk-local vertex.
    private static func copySurvivors(of chunk: ChunkMesh, borderStart: Int, firstEntry: SendableConstPointer<UInt32>,
                                      finalNumber: UnsafePointer<UInt32>, vertexOffset: Int,
                                      positions: UnsafeMutablePointer<SIMD3<Float>>, map: UnsafeMutablePointer<UInt32>) {
        let source = chunk.positions.baseAddress!
        var next = vertexOffset, local = 0
        // Runs of interior vertices between border vertices survive in order.
        func copyRun(upTo end: Int) {
            (positions + next).initialize(from: source + local, count: end - local)
            for l in local..<end {
                map[l] = UInt32(next)
                next += 1
            }
            local = end
        }
        for (k, border) in chunk.borderVertices.enumerated() {
            copyRun(upTo: Int(border))
            let j = borderStart + k
            map[local] = finalNumber[j]
            if firstEntry[j] == UInt32(j) {
                positions[next] = source[local]
                next += 1
            }
            local += 1
        }
        copyRun(upTo: chunk.positions.count)
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

    /// Border entries per partition of `markFirstCopies` (its hash table then stays in cache).
    private static let entriesPerPartition = 8192

    /// Sets `first[j]` to the first border entry with the same edge key as entry `j` (`j` itself
    /// for a first copy); entries are numbered chunk after chunk from `borderOffsets`.
    ///
    /// The border entries are first split by a hash of their key into partitions small enough
    /// for a cached hash table, keeping their order (each thread scatters a contiguous run of
    /// chunks, after the runs before it); the partitions are then welded in parallel.
    private static func markFirstCopies(_ chunks: [ChunkMesh], borderOffsets: [Int],
                                        into first: SendablePointer<UInt32>) {
        let borderTotal = borderOffsets.last ?? 0
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
        let entries = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: borderTotal)
        defer { entries.deallocate() }
        let keyOut = SendablePointer(keys), entryOut = SendablePointer(entries)
        cursor.withUnsafeMutableBufferPointer { cursors in
            let cur = SendablePointer(cursors)
            Parallelism.forEachChunk(count: chunks.count, minimumChunk: 8, maxChunks: runs) { range, r in
                for c in range {
                    for (k, key) in chunks[c].borderKeys.enumerated() {
                        let slot = r * partitions + partition(key, bits: bits)
                        let n = cur[slot]
                        cur[slot] = n + 1
                        keyOut[n] = key
                        entryOut[n] = UInt32(borderOffsets[c] + k)
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
                    let entry = entryOut[n]
                    first[Int(entry)] = table.valueInsertingIfAbsent(keyOut[n], entry)
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
