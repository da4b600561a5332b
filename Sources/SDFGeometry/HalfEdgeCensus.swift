/// Counts of a mesh's undirected edges by use, found by grouping its half-edges by their smaller
/// vertex: a counting sort into a compressed-row table (one row per vertex), then a tiny sort of
/// each row. Linear time, both cores, no comparison sort and no hashing.
///
/// Every half-edge `a → b` of a triangle `(a, b, c)` with no repeated index is stored in the row
/// of `min(a, b)` as `max(a, b) << 32 | c << 1 | (a > b)`. Sorted, a row lists each of its edges'
/// uses side by side; the entries of one triangle `{i < j < k}` in row `i` with `j < k` identify
/// its vertex set, so equal neighbours there are duplicate triangles.
struct HalfEdgeCensus {
    /// Distinct undirected edges.
    var edges = 0
    /// Edges used once.
    var boundary = 0
    /// Edges used three or more times.
    var nonManifold = 0
    /// Edges used twice in the same direction.
    var inconsistent = 0
    /// Triangles whose vertex set repeats an earlier triangle's.
    var duplicateTriangles = 0
    /// Triangles with a repeated vertex index or collinear corners.
    var degenerateTriangles = 0
    /// Triangles without a repeated vertex index (those whose edges are counted).
    var properTriangles = 0

    /// Most per-thread row-count arrays kept at once (each holds one counter per vertex).
    private static let maximumChunks = 8

    /// The census of `indices` (three per triangle) over `positions`; `findZeroArea: false`
    /// skips the collinearity test (only repeated indices then count as degenerate).
    /// - Precondition: every index is below `positions.count`, which is below 2^31.
    init(indices: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<SIMD3<Float>>,
         findZeroArea: Bool = true) {
        let v = positions.count, f = indices.count / 3
        precondition(v < 1 << 31 && 3 * f < Int(UInt32.max), "mesh too large for the census")
        guard f > 0 else { return }
        let chunks = Parallelism.chunkCount(count: f, minimumChunk: 1 << 15,
                                            maxChunks: Swift.min(Parallelism.threadCount, Self.maximumChunks))
        // Row offsets per chunk, laid out chunk-major: cursor[c * v + row].
        let cursor = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: chunks * v)
        defer { cursor.deallocate() }
        let rowStart = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: v + 1)
        defer { rowStart.deallocate() }
        var perChunk = [HalfEdgeCensus](repeating: HalfEdgeCensus(), count: chunks)

        let idx = SendableConstPointer(indices), pos = SendableConstPointer(positions)
        let cur = SendablePointer(cursor)
        perChunk.withUnsafeMutableBufferPointer { results in
            let out = SendablePointer(results)
            Parallelism.forEachChunk(count: chunks, minimumChunk: 1, maxChunks: chunks) { _, c in
                out[c] = Self.countRows(triangles: Parallelism.chunkRange(c, of: chunks, count: f),
                                        indices: idx, positions: findZeroArea ? pos : nil, vertexCount: v,
                                        counts: cur.base + c * v)
            }
        }
        // Rows in vertex order; inside a row, chunk c's half-edges after those of chunks < c.
        var total: UInt32 = 0
        for row in 0..<v {
            rowStart[row] = total
            for c in 0..<chunks {
                let n = cursor[c * v + row]
                cursor[c * v + row] = total
                total &+= n
            }
        }
        rowStart[v] = total

        let entries = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: Int(total))
        defer { entries.deallocate() }
        let ent = SendablePointer(entries)
        Parallelism.forEachChunk(count: chunks, minimumChunk: 1, maxChunks: chunks) { _, c in
            Self.scatter(triangles: Parallelism.chunkRange(c, of: chunks, count: f), indices: idx,
                         cursor: cur.base + c * v, entries: ent)
        }

        let starts = SendableConstPointer(UnsafeBufferPointer(rowStart))
        perChunk.withUnsafeMutableBufferPointer { results in
            let out = SendablePointer(results)
            Parallelism.forEachChunk(count: chunks, minimumChunk: 1, maxChunks: chunks) { _, c in
                out.base[c].classifyRows(Parallelism.chunkRange(c, of: chunks, count: v), starts: starts,
                                    entries: ent)
            }
        }
        for part in perChunk {
            edges += part.edges
            boundary += part.boundary
            nonManifold += part.nonManifold
            inconsistent += part.inconsistent
            duplicateTriangles += part.duplicateTriangles
            degenerateTriangles += part.degenerateTriangles
            properTriangles += part.properTriangles
        }
    }

    private init() {}

    /// Counts degenerate and proper triangles of `triangles` and the half-edges of each row.
    private static func countRows(
        triangles: Range<Int>, indices: SendableConstPointer<UInt32>,
        positions: SendableConstPointer<SIMD3<Float>>?, vertexCount: Int, counts: UnsafeMutablePointer<UInt32>
    ) -> HalfEdgeCensus {
        counts.initialize(repeating: 0, count: vertexCount)
        var census = HalfEdgeCensus()
        for t in triangles {
            let i = indices[3 * t], j = indices[3 * t + 1], k = indices[3 * t + 2]
            precondition(Int(Swift.max(i, Swift.max(j, k))) < vertexCount, "index out of range")
            if i == j || j == k || i == k {
                census.degenerateTriangles += 1
                continue
            }
            if let positions, hasZeroArea(positions[Int(i)], positions[Int(j)], positions[Int(k)]) {
                census.degenerateTriangles += 1
            }
            census.properTriangles += 1
            counts[Int(Swift.min(i, j))] += 1
            counts[Int(Swift.min(j, k))] += 1
            counts[Int(Swift.min(k, i))] += 1
        }
        return census
    }

    /// Writes the half-edges of `triangles` into their rows at the chunk's cursors.
    private static func scatter(
        triangles: Range<Int>, indices: SendableConstPointer<UInt32>, cursor: UnsafeMutablePointer<UInt32>,
        entries: SendablePointer<UInt64>
    ) {
        @inline(__always) func put(_ a: UInt32, _ b: UInt32, _ c: UInt32) {
            let row = Int(Swift.min(a, b))
            let slot = Int(cursor[row])
            cursor[row] = UInt32(slot + 1)
            entries[slot] = UInt64(Swift.max(a, b)) << 32 | UInt64(c) << 1 | (a > b ? 1 : 0)
        }
        for t in triangles {
            let i = indices[3 * t], j = indices[3 * t + 1], k = indices[3 * t + 2]
            if i == j || j == k || i == k { continue }
            put(i, j, k)
            put(j, k, i)
            put(k, i, j)
        }
    }

    /// Sorts each row of `rows` and counts its edges by use and its duplicate triangles.
    private mutating func classifyRows(
        _ rows: Range<Int>, starts: SendableConstPointer<UInt32>, entries: SendablePointer<UInt64>
    ) {
        for row in rows {
            let start = Int(starts[row]), end = Int(starts[row + 1])
            guard start < end else { continue }
            let e = entries.base
            // Rows are short (about six entries on a closed mesh): insertion sort.
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
                let other = e[first] >> 32
                var last = first + 1
                while last < end && e[last] >> 32 == other { last += 1 }
                edges += 1
                switch last - first {
                case 1: boundary += 1
                case 2: if e[first] & 1 == e[first + 1] & 1 { inconsistent += 1 }
                default: nonManifold += 1
                }
                // Entries whose third vertex is above `other` identify their triangle's vertex set.
                for n in (first + 1)..<last where e[n] >> 1 == e[n - 1] >> 1 {
                    if (e[n] >> 1) & 0x7FFF_FFFF > other { duplicateTriangles += 1 }
                }
                first = last
            }
        }
    }
}
