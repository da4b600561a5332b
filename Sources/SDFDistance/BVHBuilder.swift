import SDFGeometry

/// Builds the 4-wide hierarchy top-down: a node's range is split with the binned surface-area
/// heuristic (16 bins on all three axes, filled in one pass), and the child with the largest box
/// is split again until the node has four children. Ranges of at most `maximumLeafSize`
/// triangles become leaves. Allocation-free apart from the output: each triangle's box and
/// centroid are computed once into a record that the partition moves in place (so every pass
/// reads memory sequentially), bins are reused.
struct BVHBuilder {
    private var references: [TriangleReference]
    private let maximumLeafSize: Int
    private(set) var nodes: [BVHNode] = []
    /// Each leaf's first slot and triangle count, in the order leaves were created.
    private(set) var leaves: [(first: Int32, count: Int32)] = []
    private(set) var rootBounds = AABB.empty
    private(set) var maximumDepth = 1
    private var bins = [Bin](repeating: Bin(), count: 3 * binCount)
    private var rightAreas = [Float](repeating: 0, count: binCount)

    private static let binCount = 16

    /// One triangle during the build: its box, centroid and index in the mesh.
    private struct TriangleReference {
        var lower: SIMD3<Float>
        var upper: SIMD3<Float>
        var centroid: SIMD3<Float>
        var triangle: Int32
    }

    /// Triangle indices in leaf order (valid after `build()`).
    var order: [UInt32] { references.map { UInt32($0.triangle) } }

    /// A bin of the SAH sweep: the box around its triangles and their number.
    private struct Bin {
        var min = SIMD3<Float>(repeating: .infinity)
        var max = SIMD3<Float>(repeating: -.infinity)
        var count = 0
    }

    /// A range of the permutation with the box around its triangles.
    private struct Part {
        var lower: Int
        var upper: Int
        var box: AABB
        var count: Int { upper - lower }
    }

    init(mesh: TriangleMesh, maximumLeafSize: Int) {
        let n = mesh.triangleCount
        references = mesh.positions.withUnsafeBufferPointer { positions in
            mesh.indices.withUnsafeBufferPointer { indices in
                (0..<n).map { t in
                    let a = positions[Int(indices[3 * t])], b = positions[Int(indices[3 * t + 1])]
                    let c = positions[Int(indices[3 * t + 2])]
                    let low = a.replacing(with: b, where: b .< a), high = a.replacing(with: b, where: b .> a)
                    let lower = low.replacing(with: c, where: c .< low)
                    let upper = high.replacing(with: c, where: c .> high)
                    return TriangleReference(lower: lower, upper: upper, centroid: (lower + upper) * 0.5,
                                             triangle: Int32(t))
                }
            }
        }
        self.maximumLeafSize = maximumLeafSize
        nodes.reserveCapacity(Swift.max(1, n / maximumLeafSize / 2))
        leaves.reserveCapacity(Swift.max(1, 2 * n / maximumLeafSize))
    }

    mutating func build() {
        nodes = [.empty]
        guard !references.isEmpty else { return }
        let box = bounds(0..<references.count)
        rootBounds = box
        buildNode(0, Part(lower: 0, upper: references.count, box: box), depth: 1)
    }

    private mutating func buildNode(_ index: Int, _ part: Part, depth: Int) {
        maximumDepth = Swift.max(maximumDepth, depth)
        var children = (part, part, part, part)
        var count = 1
        while count < 4 {
            var widest = -1
            var widestArea: Float = -1
            for i in 0..<count {
                let child = Self.element(children, i)
                if child.count > maximumLeafSize, Self.halfArea(child.box) > widestArea {
                    widest = i
                    widestArea = Self.halfArea(child.box)
                }
            }
            guard widest >= 0 else { break }
            let (left, right) = split(Self.element(children, widest))
            Self.set(&children, widest, left)
            Self.set(&children, count, right)
            count += 1
        }
        for slot in 0..<count {
            let child = Self.element(children, slot)
            if child.count <= maximumLeafSize {
                nodes[index].setChild(slot, box: child.box, child: Int32(leaves.count), count: Int32(child.count))
                leaves.append((Int32(child.lower), Int32(child.count)))
            } else {
                let inner = nodes.count
                nodes.append(.empty)
                nodes[index].setChild(slot, box: child.box, child: Int32(inner), count: 0)
                buildNode(inner, child, depth: depth + 1)
            }
        }
    }

    private static func element(_ c: (Part, Part, Part, Part), _ i: Int) -> Part {
        switch i {
        case 0: c.0
        case 1: c.1
        case 2: c.2
        default: c.3
        }
    }

    private static func set(_ c: inout (Part, Part, Part, Part), _ i: Int, _ value: Part) {
        switch i {
        case 0: c.0 = value
        case 1: c.1 = value
        case 2: c.2 = value
        default: c.3 = value
        }
    }

    /// Splits `part` (at least two triangles) in two non-empty parts: binned SAH on the axis and
    /// plane of least cost, or the middle of the range when all centroids coincide.
    private mutating func split(_ part: Part) -> (Part, Part) {
        let bins = Self.binCount
        let (lower, scale) = centroidBinning(part)
        let best = bestSplit(part, scale: scale)
        guard best.axis >= 0 else {
            let middle = part.lower + part.count / 2
            return (Part(lower: part.lower, upper: middle, box: bounds(part.lower..<middle)),
                    Part(lower: middle, upper: part.upper, box: bounds(middle..<part.upper)))
        }
        let axis = best.axis, axisLower = lower[axis], axisScale = scale[axis]
        var i = part.lower, j = part.upper - 1
        references.withUnsafeMutableBufferPointer { references in
            while i <= j {
                if Self.binIndex(references[i].centroid[axis], lower: axisLower, scale: axisScale) < best.bin {
                    i += 1
                } else {
                    references.swapAt(i, j)
                    j -= 1
                }
            }
        }
        var leftBox = AABB.empty, rightBox = AABB.empty
        for b in 0..<bins {
            let bin = self.bins[axis * bins + b]
            if b < best.bin { leftBox = Self.union(leftBox, bin) } else { rightBox = Self.union(rightBox, bin) }
        }
        return (Part(lower: part.lower, upper: i, box: leftBox), Part(lower: i, upper: part.upper, box: rightBox))
    }

    /// Fills the bins of all three axes in one pass over `part`; returns the centroid box's lower
    /// corner and the bins per unit length on each axis (0 on an axis of zero extent).
    private mutating func centroidBinning(_ part: Part) -> (lower: SIMD3<Float>, scale: SIMD3<Float>) {
        let bins = Self.binCount
        var cmin = SIMD3<Float>(repeating: .infinity), cmax = SIMD3<Float>(repeating: -.infinity)
        references.withUnsafeBufferPointer { references in
            for i in part.lower..<part.upper {
                let c = references[i].centroid
                cmin = cmin.replacing(with: c, where: c .< cmin)
                cmax = cmax.replacing(with: c, where: c .> cmax)
            }
        }
        let extent = cmax - cmin
        let scale = (SIMD3<Float>(repeating: Float(bins)) / extent).replacing(with: 0, where: .!(extent .> 0))
        for b in 0..<(3 * bins) { self.bins[b] = Bin() }
        references.withUnsafeBufferPointer { references in
            self.bins.withUnsafeMutableBufferPointer { binArray in
                for i in part.lower..<part.upper {
                    let reference = references[i]
                    let cell = Self.binIndices(reference.centroid, lower: cmin, scale: scale)
                    let lo = reference.lower, hi = reference.upper
                    for axis in 0..<3 {
                        let k = axis * bins + Int(cell[axis])
                        let bin = binArray[k]
                        binArray[k] = Bin(min: bin.min.replacing(with: lo, where: lo .< bin.min),
                                          max: bin.max.replacing(with: hi, where: hi .> bin.max),
                                          count: bin.count + 1)
                    }
                }
            }
        }
        return (cmin, scale)
    }

    /// The axis (−1 if none) and first right-hand bin of the cheapest SAH split of the filled bins.
    private mutating func bestSplit(_ part: Part, scale: SIMD3<Float>) -> (axis: Int, bin: Int) {
        let bins = Self.binCount
        var bestCost = Float.infinity, bestAxis = -1, bestBin = 0
        self.bins.withUnsafeBufferPointer { binArray in
            rightAreas.withUnsafeMutableBufferPointer { rightAreas in
                for axis in 0..<3 where scale[axis] > 0 {
                    var accumulated = AABB.empty
                    for b in stride(from: bins - 1, to: 0, by: -1) {
                        accumulated = Self.union(accumulated, binArray[axis * bins + b])
                        rightAreas[b] = Self.halfArea(accumulated)
                    }
                    var leftBox = AABB.empty, leftCount = 0
                    for b in 1..<bins {
                        let bin = binArray[axis * bins + b - 1]
                        leftBox = Self.union(leftBox, bin)
                        leftCount += bin.count
                        let rightCount = part.count - leftCount
                        guard leftCount > 0, rightCount > 0 else { continue }
                        let cost = Self.halfArea(leftBox) * Float(leftCount) + rightAreas[b] * Float(rightCount)
                        if cost < bestCost { bestCost = cost; bestAxis = axis; bestBin = b }
                    }
                }
            }
        }
        return (bestAxis, bestBin)
    }

    @inline(__always)
    private static func binIndices(_ c: SIMD3<Float>, lower: SIMD3<Float>, scale: SIMD3<Float>) -> SIMD3<Int32> {
        let x = (c - lower) * scale
        let last = SIMD3<Float>(repeating: Float(binCount - 1))
        let clamped = x.replacing(with: 0, where: .!(x .>= 0)).replacing(with: last, where: x .> last)
        return SIMD3(Int32(clamped.x), Int32(clamped.y), Int32(clamped.z))
    }

    @inline(__always)
    private static func binIndex(_ value: Float, lower: Float, scale: Float) -> Int {
        let x = (value - lower) * scale
        guard x >= 0 else { return 0 }
        return x < Float(binCount) ? Int(x) : binCount - 1
    }

    private func bounds(_ range: Range<Int>) -> AABB {
        var box = AABB.empty
        for i in range {
            let reference = references[i]
            box.min = box.min.replacing(with: reference.lower, where: reference.lower .< box.min)
            box.max = box.max.replacing(with: reference.upper, where: reference.upper .> box.max)
        }
        return box
    }

    /// Half the surface area of `box` (0 for an empty box).
    @inline(__always)
    private static func halfArea(_ box: AABB) -> Float {
        let s = box.max - box.min
        let area = s.x * s.y + s.y * s.z + s.z * s.x
        return s.x >= 0 ? area : 0
    }

    @inline(__always)
    private static func union(_ box: AABB, _ bin: Bin) -> AABB {
        AABB(min: box.min.replacing(with: bin.min, where: bin.min .< box.min),
             max: box.max.replacing(with: bin.max, where: bin.max .> box.max))
    }
}
