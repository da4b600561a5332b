import SDFGeometry

/// Compiles a shape tree into a `ShapeProgram`: a depth-first walk that emits one instruction per
/// primitive and operation, fuses chains of rigid and scale transforms into one affine map, and
/// recycles registers as soon as their value has been consumed.
struct ProgramBuilder {
    private var instructions: [Instruction] = []
    private var constants: [Float] = []
    private var fields: [any DistanceField] = []
    private var freeValues: [Int32] = []
    private var freePoints: [Int32] = []
    private var valueCount: Int32 = 0
    private var pointCount: Int32 = 1  // register 0 holds the input points

    /// Compiles `node`.
    static func compile(_ node: ShapeNode) -> ShapeProgram {
        var builder = ProgramBuilder()
        let result = builder.emit(node, at: 0)
        return ShapeProgram(instructions: builder.instructions, constants: builder.constants,
                            fields: builder.fields, valueRegisterCount: Int(builder.valueCount),
                            pointRegisterCount: Int(builder.pointCount), resultRegister: result)
    }

    // MARK: - Registers and instructions

    private mutating func newValue() -> Int32 {
        if let r = freeValues.popLast() { return r }
        valueCount += 1
        return valueCount - 1
    }

    private mutating func newPoint() -> Int32 {
        if let r = freePoints.popLast() { return r }
        pointCount += 1
        return pointCount - 1
    }

    private mutating func release(value r: Int32) { freeValues.append(r) }
    private mutating func release(point r: Int32) { if r != 0 { freePoints.append(r) } }

    @discardableResult
    private mutating func append(_ opcode: Opcode, output: Int32, a: Int32, b: Int32 = 0, _ k: [Float] = []) -> Int32 {
        instructions.append(Instruction(opcode: opcode, output: output, inputA: a, inputB: b,
                                        parameter: Int32(constants.count)))
        constants += k
        return output
    }

    /// A point operation from register `point` into a fresh point register.
    private mutating func pointOperation(_ opcode: Opcode, from point: Int32, _ k: [Float]) -> Int32 {
        append(opcode, output: newPoint(), a: point, k)
    }

    /// A primitive evaluated at `point` into a fresh value register.
    private mutating func primitive(_ opcode: Opcode, at point: Int32, _ k: [Float]) -> Int32 {
        append(opcode, output: newValue(), a: point, k)
    }

    /// `a ← op(a, b)`, releasing b.
    private mutating func combine(_ opcode: Opcode, _ a: Int32, _ b: Int32, _ k: [Float] = []) -> Int32 {
        append(opcode, output: a, a: a, b: b, k)
        release(value: b)
        return a
    }

    // MARK: - Shapes

    private mutating func emit(_ node: ShapeNode, at p: Int32) -> Int32 {
        switch node {
        case .sphere(let r): return primitive(.sphere, at: p, [r])
        case .box(let h): return primitive(.box, at: p, [h.x, h.y, h.z])
        case .roundedBox(let h, let r): return primitive(.roundedBox, at: p, [h.x - r, h.y - r, h.z - r, r])
        case .torus(let major, let minor): return primitive(.torus, at: p, [major, minor])
        case .capsule(let a, let b, let r):
            let e = b - a, ee = lengthSquared(e)
            return primitive(.capsule, at: p, [a.x, a.y, a.z, e.x, e.y, e.z, ee > 0 ? 1 / ee : 0, r])
        case .cylinder(let r, let h): return primitive(.cylinder, at: p, [r, h])
        case .roundedCylinder(let r, let h, let rounding):
            return primitive(.roundedCylinder, at: p, [r - rounding, h - rounding, rounding])
        case .cone(let h, let r1, let r2):
            let ex = r2 - r1, ey = 2 * h
            return primitive(.cone, at: p, [h, r1, r2, ex, ey, 1 / (ex * ex + ey * ey)])
        case .plane(let n, let d): return primitive(.plane, at: p, [n.x, n.y, n.z, d])
        case .ellipsoid(let r): return primitive(.ellipsoid, at: p, [1 / r.x, 1 / r.y, 1 / r.z, r.min()])
        case .octahedron(let s): return primitive(.octahedron, at: p, [s])
        case .pyramid(let base, let height):
            let h = height / base
            return primitive(.pyramid, at: p, [1 / base, h, h * h + 0.25, base])
        case .tetrahedron(let s): return primitive(.tetrahedron, at: p, [s])
        case .extrusion(let profile, let h):
            let d = emit(profile, at: p)
            return append(.extrude, output: d, a: d, b: p, [h])
        case .revolution(let profile, let offset):
            let q = pointOperation(.revolve, from: p, [offset])
            defer { release(point: q) }
            return emit(profile, at: q)
        case .field(let reference):
            fields.append(reference.field)
            let r = newValue()
            instructions.append(Instruction(opcode: .field, output: r, inputA: p, inputB: 0,
                                            parameter: Int32(fields.count - 1)))
            return r

        case .union(let children, let blend):
            return fold(children, at: p, blend.opcode(sharp: .minimum, smooth: .smoothMinimum, chamfer: .chamferMinimum), blend)
        case .intersection(let children, let blend):
            return fold(children, at: p, blend.opcode(sharp: .maximum, smooth: .smoothMaximum, chamfer: .chamferMaximum), blend)
        case .difference(let base, let cut, let blend):
            return fold([base, cut], at: p, blend.opcode(sharp: .subtract, smooth: .smoothSubtract, chamfer: .chamferSubtract), blend)

        case .translation, .rotation, .uniformScale, .scale:
            return emitTransformChain(node, at: p)
        case .repetition(let child, let period, let limit):
            return emitRepetition(child, at: p, period: period, limit: limit ?? SIMD3(repeating: .infinity))
        case .mirror(let child, let axes):
            let k: [Float] = (0..<3).map { axes.contains(axis: $0) ? 1 : 0 }
            return emit(child, inDomain: .mirror, at: p, k)
        case .twist(let child, let rate): return emit(child, inDomain: .twist, at: p, [rate])
        case .bend(let child, let rate): return emit(child, inDomain: .bend, at: p, [rate])
        case .elongation(let child, let h): return emit(child, inDomain: .elongate, at: p, [h.x, h.y, h.z])
        case .shell(let child, let thickness):
            let v = emit(child, at: p)
            return append(.shell, output: v, a: v, [thickness / 2])
        case .offset(let child, let distance):
            let v = emit(child, at: p)
            return append(.addConstant, output: v, a: v, [-distance])
        }
    }

    private mutating func fold(_ children: [ShapeNode], at p: Int32, _ opcode: Opcode, _ blend: Blend) -> Int32 {
        var result = emit(children[0], at: p)
        for child in children.dropFirst() {
            let v = emit(child, at: p)
            result = combine(opcode, result, v, blend.size.map { [$0] } ?? [])
        }
        return result
    }

    private mutating func emit(_ child: ShapeNode, inDomain opcode: Opcode, at p: Int32, _ k: [Float]) -> Int32 {
        let q = pointOperation(opcode, from: p, k)
        let v = emit(child, at: q)
        release(point: q)
        return v
    }

    /// Collects nested translations, rotations and scales into one map `q = M p + t` (world to
    /// child) and one value factor, then emits at most two instructions.
    private mutating func emitTransformChain(_ node: ShapeNode, at p: Int32) -> Int32 {
        var map = AffineMap.identity
        var factor: Float = 1
        var current = node
        loop: while true {
            switch current {
            case .translation(let child, let offset):
                map = map.then(.translation(-offset))
                current = child
            case .rotation(let child, let rotation):
                map = map.then(.rotation(rotation.inverse))
                current = child
            case .uniformScale(let child, let s):
                map = map.then(.scale(SIMD3(repeating: 1 / s)))
                factor *= s
                current = child
            case .scale(let child, let s):
                map = map.then(.scale(1 / s))
                factor *= s.min()
                current = child
            default:
                break loop
            }
        }
        let q = pointOperation(.affine, from: p, map.constants)
        var v = emit(current, at: q)
        release(point: q)
        if factor != 1 { v = append(.multiply, output: v, a: v, [factor]) }
        return v
    }

    /// Evaluates the child in the nearest copy and in the adjacent copy on the point's side, for
    /// every repeated axis (2^axes evaluations), and keeps the minimum. For a child that fits in
    /// its cell this is the distance to the nearest copy.
    private mutating func emitRepetition(_ child: ShapeNode, at p: Int32, period: SIMD3<Float>, limit: SIMD3<Float>) -> Int32 {
        let axes = (0..<3).filter { period[$0] > 0 }
        var result: Int32 = -1
        for mask in 0..<(1 << axes.count) {
            var neighbour = SIMD3<Float>.zero
            for (bit, axis) in axes.enumerated() where mask & (1 << bit) != 0 { neighbour[axis] = 1 }
            let q = pointOperation(.repeatCell, from: p, [period.x, period.y, period.z, limit.x, limit.y, limit.z,
                                                         neighbour.x, neighbour.y, neighbour.z])
            let v = emit(child, at: q)
            release(point: q)
            result = result < 0 ? v : combine(.minimum, result, v)
        }
        return result
    }

    // MARK: - Profiles

    private mutating func emit(_ node: ProfileNode, at p: Int32) -> Int32 {
        switch node {
        case .circle(let r): return primitive(.circle, at: p, [r])
        case .rectangle(let h): return primitive(.rectangle, at: p, [h.x, h.y])
        case .roundedRectangle(let h, let r): return primitive(.roundedRectangle, at: p, [h.x - r, h.y - r, r])
        case .polygon(let vertices):
            var k: [Float] = [Float(vertices.count)]
            for (i, start) in vertices.enumerated() {
                let e = vertices[(i + 1) % vertices.count] - start
                let ee = (e * e).sum()
                k += [start.x, start.y, e.x, e.y, ee > 0 ? 1 / ee : 0]
            }
            return primitive(.polygon, at: p, k)
        case .union(let children): return fold(children, at: p, .minimum)
        case .intersection(let children): return fold(children, at: p, .maximum)
        case .difference(let base, let cut): return fold([base, cut], at: p, .subtract)
        case .translation(let child, let offset):
            let q = pointOperation(.affine, from: p, AffineMap.translation(SIMD3(-offset, 0)).constants)
            let v = emit(child, at: q)
            release(point: q)
            return v
        }
    }

    private mutating func fold(_ children: [ProfileNode], at p: Int32, _ opcode: Opcode) -> Int32 {
        var result = emit(children[0], at: p)
        for child in children.dropFirst() { result = combine(opcode, result, emit(child, at: p)) }
        return result
    }
}

extension Blend {
    /// The blend size k (nil when sharp).
    var size: Float? {
        switch self {
        case .sharp: return nil
        case .smooth(let k), .chamfer(let k): return k
        }
    }

    func opcode(sharp: Opcode, smooth: Opcode, chamfer: Opcode) -> Opcode {
        switch self {
        case .sharp: return sharp
        case .smooth: return smooth
        case .chamfer: return chamfer
        }
    }
}

/// `q = M p + t` with M as rows; `a.then(b)` applies a first, then b.
struct AffineMap {
    var rows: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)
    var offset: SIMD3<Float>

    static let identity = AffineMap(rows: (SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)), offset: .zero)

    static func translation(_ t: SIMD3<Float>) -> AffineMap { AffineMap(rows: identity.rows, offset: t) }

    static func scale(_ s: SIMD3<Float>) -> AffineMap {
        AffineMap(rows: (SIMD3(s.x, 0, 0), SIMD3(0, s.y, 0), SIMD3(0, 0, s.z)), offset: .zero)
    }

    static func rotation(_ r: Rotation) -> AffineMap {
        let (c0, c1, c2) = r.columns
        return AffineMap(rows: (SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z)), offset: .zero)
    }

    func apply(_ p: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(dot(rows.0, p), dot(rows.1, p), dot(rows.2, p)) + offset
    }

    /// The map `p ↦ next(self(p))`.
    func then(_ next: AffineMap) -> AffineMap {
        let columns = (apply(SIMD3(1, 0, 0)) - offset, apply(SIMD3(0, 1, 0)) - offset, apply(SIMD3(0, 0, 1)) - offset)
        let mapped = (next.apply(columns.0) - next.offset, next.apply(columns.1) - next.offset,
                      next.apply(columns.2) - next.offset)
        return AffineMap(rows: (SIMD3(mapped.0.x, mapped.1.x, mapped.2.x), SIMD3(mapped.0.y, mapped.1.y, mapped.2.y),
                                SIMD3(mapped.0.z, mapped.1.z, mapped.2.z)),
                         offset: next.apply(offset))
    }

    var constants: [Float] {
        [rows.0.x, rows.0.y, rows.0.z, offset.x, rows.1.x, rows.1.y, rows.1.z, offset.y,
         rows.2.x, rows.2.y, rows.2.z, offset.z]
    }
}
