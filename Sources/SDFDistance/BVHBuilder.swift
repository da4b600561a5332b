import SDFGeometry

/// Builds the 4-wide hierarchy top-down: a node's range is split with the binned surface-area
/// heuristic (16 bins on each axis), and the child with the largest box is split again until the
/// node has four children. Ranges of at most `maximumLeafSize` triangles become leaves.
struct BVHBuilder {
    private let centroids: [SIMD3<Float>]
    private let boxes: [AABB]
    private let maximumLeafSize: Int
    /// Triangle indices, permuted into leaf order.
    private(set) var order: [Int]
    private(set) var nodes: [BVHNode] = []
    private(set) var rootBounds = AABB.empty
    private(set) var maximumDepth = 1

    private static let binCount = 16

    init(mesh: TriangleMesh, maximumLeafSize: Int) {
        var centroids = [SIMD3<Float>](), boxes = [AABB]()
        centroids.reserveCapacity(mesh.triangleCount)
        boxes.reserveCapacity(mesh.triangleCount)
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.corners(t)
            let box = AABB(min: pointwiseMin(a, pointwiseMin(b, c)), max: pointwiseMax(a, pointwiseMax(b, c)))
            boxes.append(box)
            centroids.append(box.center)
        }
        self.centroids = centroids
        self.boxes = boxes
        self.maximumLeafSize = maximumLeafSize
        order = Array(0..<mesh.triangleCount)
    }

    mutating func build() {
        nodes = [.empty]
        guard !order.isEmpty else { return }
        rootBounds = bounds(of: 0..<order.count)
        buildNode(0, range: 0..<order.count, box: rootBounds, depth: 1)
    }

    private mutating func buildNode(_ index: Int, range: Range<Int>, box: AABB, depth: Int) {
        maximumDepth = Swift.max(maximumDepth, depth)
        var children: [(range: Range<Int>, box: AABB)] = [(range, box)]
        while children.count < 4 {
            var widest = -1
            var widestArea: Float = -1
            for (i, child) in children.enumerated() where child.range.count > maximumLeafSize {
                let area = halfArea(child.box)
                if area > widestArea { widest = i; widestArea = area }
            }
            guard widest >= 0 else { break }
            let (left, right) = split(children[widest].range)
            children[widest] = left
            children.append(right)
        }
        for (slot, child) in children.enumerated() {
            if child.range.count <= maximumLeafSize {
                nodes[index].setChild(slot, box: child.box, child: Int32(child.range.lowerBound),
                                      count: Int32(child.range.count))
            } else {
                let inner = nodes.count
                nodes.append(.empty)
                nodes[index].setChild(slot, box: child.box, child: Int32(inner), count: 0)
                buildNode(inner, range: child.range, box: child.box, depth: depth + 1)
            }
        }
    }

    /// Splits `range` (at least two triangles) in two non-empty parts: binned SAH on the axis and
    /// plane of least cost, or the middle of the range when all centroids coincide.
    private mutating func split(_ range: Range<Int>) -> ((range: Range<Int>, box: AABB), (range: Range<Int>, box: AABB)) {
        var centroidBox = AABB.empty
        for i in range { centroidBox.formUnion(centroids[order[i]]) }
        let extent = centroidBox.size
        var bestCost = Float.infinity, bestAxis = -1, bestBin = 0
        let bins = Self.binCount
        for axis in 0..<3 where extent[axis] > 0 {
            var binBoxes = [AABB](repeating: .empty, count: bins)
            var binCounts = [Int](repeating: 0, count: bins)
            let scale = Float(bins) / extent[axis]
            for i in range {
                let t = order[i]
                let b = binIndex(centroids[t][axis], lower: centroidBox.min[axis], scale: scale)
                binCounts[b] += 1
                binBoxes[b] = binBoxes[b].union(boxes[t])
            }
            var rightArea = [Float](repeating: 0, count: bins)
            var accumulated = AABB.empty
            for b in stride(from: bins - 1, to: 0, by: -1) {
                accumulated = accumulated.union(binBoxes[b])
                rightArea[b] = halfArea(accumulated)
            }
            var leftBox = AABB.empty, leftCount = 0
            for b in 1..<bins {
                leftBox = leftBox.union(binBoxes[b - 1])
                leftCount += binCounts[b - 1]
                let rightCount = range.count - leftCount
                guard leftCount > 0, rightCount > 0 else { continue }
                let cost = halfArea(leftBox) * Float(leftCount) + rightArea[b] * Float(rightCount)
                if cost < bestCost { bestCost = cost; bestAxis = axis; bestBin = b }
            }
        }
        var middle = range.lowerBound + range.count / 2
        if bestAxis >= 0 {
            let scale = Float(bins) / extent[bestAxis]
            let lower = centroidBox.min[bestAxis]
            var i = range.lowerBound, j = range.upperBound - 1
            while i <= j {
                if binIndex(centroids[order[i]][bestAxis], lower: lower, scale: scale) < bestBin {
                    i += 1
                } else {
                    order.swapAt(i, j)
                    j -= 1
                }
            }
            middle = i
        }
        let left = range.lowerBound..<middle, right = middle..<range.upperBound
        return ((left, bounds(of: left)), (right, bounds(of: right)))
    }

    private func binIndex(_ value: Float, lower: Float, scale: Float) -> Int {
        let x = (value - lower) * scale
        guard x >= 0 else { return 0 }  // also catches NaN
        return x < Float(Self.binCount) ? Int(x) : Self.binCount - 1
    }

    private func bounds(of range: Range<Int>) -> AABB {
        var box = AABB.empty
        for i in range { box = box.union(boxes[order[i]]) }
        return box
    }

    private func halfArea(_ box: AABB) -> Float {
        let s = box.size
        return s.x * s.y + s.y * s.z + s.z * s.x
    }
}
