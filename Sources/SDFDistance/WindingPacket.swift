import SDFGeometry

/// Up to eight nearby query points, one per SIMD lane, whose winding numbers are evaluated in one
/// shared traversal (`WindingEvaluator.windingNumbers(of:)`). Unused lanes repeat the first
/// point. Consecutive points of a Morton-ordered batch make good packets: they lie within a
/// small ball, so the nodes one of them opens are nearly the ones all of them open.
struct WindingPacket {
    static let capacity = 8

    var x = SIMD8<Float>.zero, y = SIMD8<Float>.zero, z = SIMD8<Float>.zero
    /// The caller's index of each lane's point.
    var indices = SIMD8<Int32>.zero
    private(set) var count = 0
    private var lower = SIMD3<Float>(repeating: .infinity), upper = SIMD3<Float>(repeating: -.infinity)
    /// The smallest unsigned distance from a point of the packet to the surface.
    private var nearest = Float.infinity

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == Self.capacity }

    /// The centre of the packet's box and the radius of the ball about it holding every point.
    var ball: (center: SIMD3<Float>, radius: Float) {
        let center = (lower + upper) * 0.5
        let half = (upper - lower) * 0.5
        // Rounded up: the far test must not undercount the packet's extent.
        return (center, ((half * half).sum().squareRoot() * (1 + 1e-6)).nextUp)
    }

    /// Whether `p`, at unsigned distance `distance` from the surface, may join: the packet's box
    /// diagonal must stay within `spread` times the larger of `scale` and the smallest distance of
    /// its points. Nodes nearer than that are opened for the whole packet, so a packet much wider
    /// than its points' distance to the surface would open many more nodes than they would alone.
    func accepts(_ p: SIMD3<Float>, distance: Float, scale: Float, spread: Float) -> Bool {
        guard count > 0 else { return true }
        let low = lower.replacing(with: p, where: p .< lower), high = upper.replacing(with: p, where: p .> upper)
        let size = high - low
        let limit = spread * Swift.max(scale, Swift.min(nearest, distance))
        return (size * size).sum() <= limit * limit
    }

    mutating func append(_ p: SIMD3<Float>, distance: Float, index: Int) {
        precondition(count < Self.capacity)
        if count == 0 {
            x = SIMD8(repeating: p.x); y = SIMD8(repeating: p.y); z = SIMD8(repeating: p.z)
        } else {
            x[count] = p.x; y[count] = p.y; z[count] = p.z
        }
        indices[count] = Int32(truncatingIfNeeded: index)
        lower = lower.replacing(with: p, where: p .< lower)
        upper = upper.replacing(with: p, where: p .> upper)
        nearest = Swift.min(nearest, distance)
        count += 1
    }

    mutating func removeAll() {
        count = 0
        lower = SIMD3(repeating: .infinity)
        upper = SIMD3(repeating: -.infinity)
        nearest = .infinity
    }
}

extension WindingEvaluator {
    /// The winding numbers of a packet's points (lane i for point i). A child is expanded only
    /// when it is far (|q − p̃| > β·r) from the packet's whole bounding ball, so every point gets
    /// at least the accuracy of its own traversal; other children are opened, down to exact
    /// solid angles of the leaf triangles, evaluated for all eight points at once.
    func windingNumbers(of packet: WindingPacket) -> SIMD8<Float> {
        let leaves = self.leaves!
        let (center, radius) = packet.ball
        let cx = SIMD4(repeating: center.x), cy = SIMD4(repeating: center.y), cz = SIMD4(repeating: center.z)
        let reach = SIMD4<Float>(repeating: radius)
        var far = SIMD8<Float>.zero
        var near = SIMD8<Float>.zero
        var top = 1
        stack[0] = 0
        while top > 0 {
            top -= 1
            let index = Int(stack[top])
            let node = nodes[index]
            let m = moments + index * WindingMoments.stride
            let rx = m[0] - cx, ry = m[1] - cy, rz = m[2] - cz
            let s2 = rx * rx + ry * ry + rz * rz
            let farRadius = vectorSquareRoot(m[3]).replacing(with: .infinity, where: m[3] .== .infinity) + reach
            let used = node.count .>= 0
            let isFar = (s2 .> farRadius * farRadius) .& used
            for slot in 0..<4 where used[slot] {
                if isFar[slot] {
                    far += Self.farField(m, lane: slot, packet.x, packet.y, packet.z)
                } else if node.count[slot] == 0 {
                    stack[top] = node.child[slot]
                    top += 1
                } else {
                    near += leaves[Int(node.child[slot])].windingContributions(packet.x, packet.y, packet.z)
                }
            }
        }
        return far + near
    }

    /// The order-2 expansion of one child (lane `lane` of the node's moment rows) at eight
    /// points (see `WindingMoments`).
    @inline(__always)
    private static func farField(_ m: UnsafePointer<SIMD4<Float>>, lane: Int, _ x: SIMD8<Float>,
                                 _ y: SIMD8<Float>, _ z: SIMD8<Float>) -> SIMD8<Float> {
        @inline(__always) func c(_ row: Int) -> SIMD8<Float> { SIMD8(repeating: m[row][lane]) }
        let rx = c(0) - x, ry = c(1) - y, rz = c(2) - z
        let s2 = rx * rx + ry * ry + rz * rz
        let inverse = vectorReciprocalSquareRoot(s2)
        let inverse2 = inverse * inverse
        let inverse3 = inverse * inverse2
        let inverse5 = inverse3 * inverse2
        let inverse7 = inverse5 * inverse2
        let term0 = c(4) * rx + c(5) * ry + c(6) * rz + c(7)
        let xx = rx * rx, yy = ry * ry, zz = rz * rz
        let xy = rx * ry, yz = ry * rz, zx = rz * rx
        var term1 = c(8) * xx + c(9) * yy + c(10) * zz
        term1 += c(11) * xy + c(12) * yz + c(13) * zx
        term1 += c(14) * rx + c(15) * ry + c(16) * rz
        var term2 = (c(17) * xx + c(20) * xy + c(21) * zx) * rx
        term2 += (c(18) * yy + c(22) * xy + c(23) * yz) * ry
        term2 += (c(19) * zz + c(24) * zx + c(25) * yz) * rz
        term2 += c(26) * xy * rz
        return term0 * inverse3 + term1 * inverse5 + term2 * inverse7
    }
}

extension BVHLeaf {
    /// The summed winding-number contributions of the leaf's triangles at eight points (signed
    /// solid angles over 4π, Van Oosterom & Strackee), one point per lane.
    @inline(__always)
    func windingContributions(_ x: SIMD8<Float>, _ y: SIMD8<Float>, _ z: SIMD8<Float>) -> SIMD8<Float> {
        var sum = SIMD8<Float>.zero
        for t in 0..<Int(count) {
            let pax = SIMD8(repeating: ax[t]) - x, pay = SIMD8(repeating: ay[t]) - y
            let paz = SIMD8(repeating: az[t]) - z
            let pbx = SIMD8(repeating: bx[t]) - x, pby = SIMD8(repeating: by[t]) - y
            let pbz = SIMD8(repeating: bz[t]) - z
            let pcx = SIMD8(repeating: cx[t]) - x, pcy = SIMD8(repeating: cy[t]) - y
            let pcz = SIMD8(repeating: cz[t]) - z
            let la = (pax * pax + pay * pay + paz * paz).squareRoot()
            let lb = (pbx * pbx + pby * pby + pbz * pbz).squareRoot()
            let lc = (pcx * pcx + pcy * pcy + pcz * pcz).squareRoot()
            let determinant = pax * (pby * pcz - pbz * pcy) + pay * (pbz * pcx - pbx * pcz)
                + paz * (pbx * pcy - pby * pcx)
            let ab = pax * pbx + pay * pby + paz * pbz
            let bc = pbx * pcx + pby * pcy + pbz * pcz
            let ca = pcx * pax + pcy * pay + pcz * paz
            let denominator = la * lb * lc + ab * lc + bc * la + ca * lb
            let angle = vectorAtan2(determinant, denominator)
            sum += angle.replacing(with: 0, where: determinant .== 0)
        }
        return sum * (0.5 / Float.pi)
    }
}
