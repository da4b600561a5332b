import SDFGeometry

/// Field values on the lattice vertices of a group of blocks, evaluating only near the surface.
///
/// Every block's `(B+1)³` vertex positions are written to one contiguous buffer. With an inference
/// threshold `τ`, the field is first evaluated on the coarse vertices (even local coordinates,
/// `(B/2+1)³` per block), in one batch for the group. Every other vertex `v` is the midpoint of a
/// coarse lattice edge from its *anchor* `2⌊v/2⌋` to its *partner* `2⌈v/2⌉`, both at most one
/// lattice unit `h` away. If either end has `|f| > τ`, the vertex only takes the sign of the end
/// with the larger `|f|`, stored as `±∞`; otherwise it is evaluated in a second batch. The rule
/// depends on global lattice coordinates and on values that do not depend on the batch, so
/// blocks sharing a vertex agree on it.
///
/// For a field whose values bound the distance (Lipschitz `λ`), `τ = 2hλ` proves the inferred
/// sign and that no crossed edge (at most `h` long) touches an inferred vertex, so the mesh is the
/// one a full evaluation gives. (Approximate fields are traced by `SurfaceTracker` instead; if
/// a crossed edge ever reaches an inferred vertex, the mesher evaluates it on demand.)
struct BlockSampler {
    static let side = Int(ExtractionGrid.blockSize) + 1
    static let blockVertices = side * side * side

    let grid: ExtractionGrid
    /// `nil` evaluates every vertex.
    let inferenceThreshold: Float?
    /// Positions and values of `groupSize` blocks, block after block, x fastest.
    let points: UnsafeMutablePointer<SIMD3<Float>>
    let values: UnsafeMutablePointer<Float>
    private let gatherPoints: UnsafeMutablePointer<SIMD3<Float>>
    private let gatherValues: UnsafeMutablePointer<Float>
    private let gatherSlots: UnsafeMutablePointer<Int32>
    /// Local indices of the coarse vertices, and each vertex's anchor and partner (its own index
    /// if coarse).
    private let coarse: [Int]
    private let anchor: [Int]
    private let partner: [Int]

    init(grid: ExtractionGrid, groupSize: Int, inferenceThreshold: Float?) {
        self.grid = grid
        self.inferenceThreshold = inferenceThreshold
        let capacity = groupSize * Self.blockVertices
        points = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        gatherPoints = .allocate(capacity: capacity)
        gatherValues = .allocate(capacity: capacity)
        gatherSlots = .allocate(capacity: capacity)
        var coarse: [Int] = [], anchor: [Int] = [], partner: [Int] = []
        let side = Self.side
        for z in 0..<side {
            for y in 0..<side {
                for x in 0..<side {
                    let a = (x & ~1) + side * ((y & ~1) + side * (z & ~1))
                    anchor.append(a)
                    partner.append(((x + 1) & ~1) + side * (((y + 1) & ~1) + side * ((z + 1) & ~1)))
                    if a == anchor.count - 1 { coarse.append(a) }
                }
            }
        }
        self.coarse = coarse
        self.anchor = anchor
        self.partner = partner
    }

    func release() {
        points.deallocate()
        values.deallocate()
        gatherPoints.deallocate()
        gatherValues.deallocate()
        gatherSlots.deallocate()
    }

    /// Fills `points` and `values` for `blocks` (at most `groupSize`); returns the evaluations made.
    func sample(_ blocks: ArraySlice<UInt64>, field: any DistanceField) -> Int {
        let n = Self.blockVertices
        for (g, key) in blocks.enumerated() {
            fillPoints(block: ExtractionGrid.block(fromKey: key), into: points + g * n)
        }
        let total = blocks.count * n
        guard let threshold = inferenceThreshold else {
            field.distances(at: UnsafeBufferPointer(start: points, count: total),
                            into: UnsafeMutableBufferPointer(start: values, count: total))
            return total
        }
        var count = 0
        for g in 0..<blocks.count {
            for c in coarse { gather(g * n + c, &count) }
        }
        let coarseCount = count
        evaluateGathered(count, field: field)
        count = 0
        for g in 0..<blocks.count {
            let base = g * n
            for i in 0..<n where anchor[i] != i {
                let a = values[base + anchor[i]], b = values[base + partner[i]]
                let far = abs(b) > abs(a) ? b : a
                if abs(far) > threshold {
                    values[base + i] = far > 0 ? .infinity : -.infinity
                } else {
                    gather(base + i, &count)
                }
            }
        }
        evaluateGathered(count, field: field)
        return coarseCount + count
    }

    @inline(__always)
    private func gather(_ slot: Int, _ count: inout Int) {
        gatherPoints[count] = points[slot]
        gatherSlots[count] = Int32(slot)
        count += 1
    }

    private func evaluateGathered(_ count: Int, field: any DistanceField) {
        guard count > 0 else { return }
        field.distances(at: UnsafeBufferPointer(start: gatherPoints, count: count),
                        into: UnsafeMutableBufferPointer(start: gatherValues, count: count))
        for k in 0..<count { values[Int(gatherSlots[k])] = gatherValues[k] }
    }

    /// World positions of the block's vertices, as `ExtractionGrid.vertexPosition` computes them
    /// (the same operations in the same order, so blocks that share a vertex agree on it bit for
    /// bit) but incrementally along rows.
    func fillPoints(block: SIMD3<Int32>, into out: UnsafeMutablePointer<SIMD3<Float>>) {
        let corner = SIMD3<Float>(block &* ExtractionGrid.blockSize)
        let ax = grid.stepX, ay = grid.stepY, az = grid.stepZ
        let origin = grid.lattice.origin
        let side = Self.side
        var i = 0
        for z in 0..<side {
            let kz = corner.z + Float(z)
            for y in 0..<side {
                let row = (corner.y + Float(y)) * ay + kz * az
                for x in 0..<side {
                    out[i] = origin + (row + (corner.x + Float(x)) * ax)
                    i += 1
                }
            }
        }
    }
}
