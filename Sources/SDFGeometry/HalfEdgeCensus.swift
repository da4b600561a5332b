/// Counts of a mesh's undirected edges by use, found by grouping its half-edges by their smaller
/// vertex: a counting sort into a compressed-row table (one row per vertex), then a look at each
/// row. Linear time, both cores, no comparison sort and no hashing.
///
/// Every half-edge `a → b` of a triangle `(a, b, c)` with no repeated index is stored in the row
/// of `min(a, b)` as an `Entry` (`HalfEdgeEntry`): `UInt32` entries hold `max(a, b)` and the
/// direction `a > b` (4 bytes per half-edge: what closedness and orientation need); `UInt64`
/// entries also hold `c`, so that the entries of one triangle `{i < j < k}` in row `i` with
/// `j < k` identify its vertex set and equal neighbours in a sorted row are duplicate triangles.
struct HalfEdgeCensus<Entry: HalfEdgeEntry> {
    /// Distinct undirected edges.
    var edges = 0
    /// Edges used once.
    var boundary = 0
    /// Edges used three or more times.
    var nonManifold = 0
    /// Edges used twice in the same direction.
    var inconsistent = 0
    /// Triangles whose vertex set repeats an earlier triangle's (counted with `UInt64` entries only).
    var duplicateTriangles = 0
    /// Triangles with a repeated vertex index or collinear corners.
    var degenerateTriangles = 0
    /// Triangles without a repeated vertex index (those whose edges are counted).
    var properTriangles = 0
    /// With `listDefects`: the vertices of every degenerate and duplicate triangle and the
    /// endpoints of every edge not used once in each direction, with repeats, in no set order.
    var defectVertices: [UInt32] = []

    /// Most per-thread row-count arrays kept at once (each holds one counter per vertex).
    private static var maximumChunks: Int { 8 }

    /// The census of `indices` (three per triangle) over `positions`; `findZeroArea: false`
    /// skips the collinearity test (only repeated indices then count as degenerate).
    /// `listDefects` also fills `defectVertices`.
    /// - Precondition: every index is below `positions.count`, which is below 2^31.
    init(indices: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<SIMD3<Float>>,
         findZeroArea: Bool = true, listDefects: Bool = false) {
        let v = positions.count, f = indices.count / 3
        precondition(v < 1 << 31 && 3 * f < Int(UInt32.max) - Entry.rowPadding, "mesh too large for the census")
        guard f > 0 else { return }
        let chunks = Parallelism.chunkCount(count: f, minimumChunk: 1 << 15,
                                            maxChunks: Swift.min(Parallelism.threadCount, Self.maximumChunks))
        // Row offsets per chunk, laid out chunk-major: cursor[c * v + row]. After the scatter,
        // the last chunk's cursors are where the rows end.
        let cursor = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: chunks * v)
        defer { cursor.deallocate() }
        var perChunk = [HalfEdgeCensus](repeating: HalfEdgeCensus(), count: chunks)

        let idx = SendableConstPointer(indices), pos = SendableConstPointer(positions)
        let cur = SendablePointer(cursor)
        perChunk.withUnsafeMutableBufferPointer { results in
            let out = SendablePointer(results)
            Parallelism.forEachChunk(count: chunks, minimumChunk: 1, maxChunks: chunks) { _, c in
                out[c] = Self.countRows(triangles: Parallelism.chunkRange(c, of: chunks, count: f),
                                        indices: idx, positions: findZeroArea ? pos : nil, vertexCount: v,
                                        counts: cur.base + c * v, listDefects: listDefects)
            }
        }
        let total = Self.assignRowOffsets(cursor: cur, vertexCount: v, chunks: chunks)

        // Padding after the last row lets row readers load whole vectors.
        let entries = UnsafeMutableBufferPointer<Entry>.allocate(capacity: Int(total) + Entry.rowPadding)
        defer { entries.deallocate() }
        (entries.baseAddress! + Int(total)).initialize(repeating: 0, count: Entry.rowPadding)
        let ent = SendablePointer(entries)
        Parallelism.forEachChunk(count: chunks, minimumChunk: 1, maxChunks: chunks) { _, c in
            Self.scatter(triangles: Parallelism.chunkRange(c, of: chunks, count: f), indices: idx,
                         cursor: cur.base + c * v, entries: ent)
        }

        // Rows in more pieces than threads, handed out as threads free up (the check shares the
        // cores with the file writer).
        let ends = SendableConstPointer(UnsafePointer(cursor.baseAddress! + (chunks - 1) * v))
        let pieces = Self.rowPieces(v)
        var perPiece = [HalfEdgeCensus](repeating: HalfEdgeCensus(), count: pieces)
        perPiece.withUnsafeMutableBufferPointer { results in
            let out = SendablePointer(results)
            Parallelism.forEachChunk(count: v, minimumChunk: 1, maxChunks: pieces) { rows, p in
                out.base[p].classifyRows(rows, ends: ends, entries: ent, listDefects: listDefects)
            }
        }
        for part in perChunk + perPiece {
            edges += part.edges
            boundary += part.boundary
            nonManifold += part.nonManifold
            inconsistent += part.inconsistent
            duplicateTriangles += part.duplicateTriangles
            degenerateTriangles += part.degenerateTriangles
            properTriangles += part.properTriangles
            defectVertices += part.defectVertices
        }
    }

    private init() {}

    /// How many pieces the row passes split `rowCount` rows into: eight per thread, or one.
    private static func rowPieces(_ rowCount: Int) -> Int {
        let threads = Parallelism.threadCount
        return Parallelism.chunkCount(count: rowCount, minimumChunk: 1 << 14, maxChunks: threads == 1 ? 1 : 8 * threads)
    }

    /// Counts degenerate and proper triangles of `triangles` and the half-edges of each row.
    private static func countRows(
        triangles: Range<Int>, indices: SendableConstPointer<UInt32>,
        positions: SendableConstPointer<SIMD3<Float>>?, vertexCount: Int, counts: UnsafeMutablePointer<UInt32>,
        listDefects: Bool
    ) -> HalfEdgeCensus {
        counts.initialize(repeating: 0, count: vertexCount)
        var degenerate = 0, proper = 0
        var census = HalfEdgeCensus()
        for t in triangles {
            let i = indices[3 * t], j = indices[3 * t + 1], k = indices[3 * t + 2]
            precondition(Int(Swift.max(i, Swift.max(j, k))) < vertexCount, "index out of range")
            if i == j || j == k || i == k {
                degenerate += 1
                if listDefects { census.defectVertices += [i, j, k] }
                continue
            }
            if let positions, hasZeroArea(positions[Int(i)], positions[Int(j)], positions[Int(k)]) {
                degenerate += 1
                if listDefects { census.defectVertices += [i, j, k] }
            }
            proper += 1
            counts[Int(Swift.min(i, j))] += 1
            counts[Int(Swift.min(j, k))] += 1
            counts[Int(Swift.min(k, i))] += 1
        }
        census.degenerateTriangles = degenerate
        census.properTriangles = proper
        return census
    }

    /// Turns the per-chunk row counts into offsets: rows in vertex order, and inside a row chunk
    /// `c`'s half-edges after those of chunks below `c`. Returns the number of half-edges.
    private static func assignRowOffsets(cursor: SendablePointer<UInt32>, vertexCount v: Int, chunks: Int) -> UInt32 {
        let parts = rowPieces(v)
        var offsets = [UInt32](repeating: 0, count: parts + 1)
        offsets.withUnsafeMutableBufferPointer { sums in
            let out = SendablePointer(sums)
            Parallelism.forEachChunk(count: v, minimumChunk: 1, maxChunks: parts) { rows, p in
                var sum: UInt32 = 0
                for c in 0..<chunks {
                    for row in rows { sum &+= cursor[c * v + row] }
                }
                out[p + 1] = sum
            }
        }
        for p in 0..<parts { offsets[p + 1] &+= offsets[p] }
        let starts = offsets
        Parallelism.forEachChunk(count: v, minimumChunk: 1, maxChunks: parts) { rows, p in
            var total = starts[p]
            for row in rows {
                for c in 0..<chunks {
                    let n = cursor[c * v + row]
                    cursor[c * v + row] = total
                    total &+= n
                }
            }
        }
        return offsets[parts]
    }

    /// Writes the half-edges of `triangles` into their rows at the chunk's cursors.
    private static func scatter(
        triangles: Range<Int>, indices: SendableConstPointer<UInt32>, cursor: UnsafeMutablePointer<UInt32>,
        entries: SendablePointer<Entry>
    ) {
        @inline(__always) func put(_ a: UInt32, _ b: UInt32, _ c: UInt32) {
            let row = Int(Swift.min(a, b))
            let slot = Int(cursor[row])
            cursor[row] = UInt32(slot + 1)
            entries[slot] = Entry(halfEdgeTo: Swift.max(a, b), third: c, descending: a > b)
        }
        for t in triangles {
            let i = indices[3 * t], j = indices[3 * t + 1], k = indices[3 * t + 2]
            if i == j || j == k || i == k { continue }
            put(i, j, k)
            put(j, k, i)
            put(k, i, j)
        }
    }

    /// Counts the edges of each row of `rows` by use, and its duplicate triangles: rows that
    /// `Entry.isClosedAndOriented` accepts hold only edges used once in each direction; others
    /// are sorted (insertion sort: rows are short) and walked edge by edge.
    private mutating func classifyRows(
        _ rows: Range<Int>, ends: SendableConstPointer<UInt32>, entries: SendablePointer<Entry>,
        listDefects: Bool
    ) {
        var edges = 0, boundary = 0, nonManifold = 0, inconsistent = 0, duplicates = 0
        let e = entries.base
        var end = rows.lowerBound == 0 ? 0 : Int(ends[rows.lowerBound - 1])
        for row in rows {
            let start = end
            end = Int(ends[row])
            guard start < end else { continue }
            if Entry.isClosedAndOriented(row: e + start, count: end - start) {
                edges += (end - start) / 2
                continue
            }
            for n in (start + 1)..<end {
                let value = e[n]
                var m = n
                while m > start && e[m - 1] > value {
                    e[m] = e[m - 1]
                    m -= 1
                }
                e[m] = value
            }
            var first = start
            while first < end {
                let other = e[first].otherVertex
                var last = first + 1
                while last < end && e[last].otherVertex == other { last += 1 }
                edges += 1
                let uses = last - first
                let opposite = uses == 2 && e[first] & 1 != e[first + 1] & 1
                switch uses {
                case 1: boundary += 1
                case 2: if !opposite { inconsistent += 1 }
                default: nonManifold += 1
                }
                if listDefects && !opposite { defectVertices += [UInt32(row), other] }
                if Entry.carriesThirdVertex {
                    // Entries whose third vertex is above `other` identify their triangle's vertex set.
                    for n in (first + 1)..<last where e[n] >> 1 == e[n - 1] >> 1 {
                        guard e[n].thirdVertex > other else { continue }
                        duplicates += 1
                        if listDefects { defectVertices += [UInt32(row), other, e[n].thirdVertex] }
                    }
                }
                first = last
            }
        }
        self.edges += edges
        self.boundary += boundary
        self.nonManifold += nonManifold
        self.inconsistent += inconsistent
        self.duplicateTriangles += duplicates
    }
}
