import SDFGeometry

/// The operations of a compiled shape. Point operations write a point register from a point
/// register; shape operations write a value register from a point register; value operations
/// combine or modify value registers.
@usableFromInline
enum Opcode: UInt8, Sendable {
    // point → point (constants at `parameter`)
    case affine, mirror, repeatCell, twist, bend, elongate, revolve
    // point → value: 3D primitives
    case sphere, box, roundedBox, torus, capsule, cylinder, roundedCylinder, cone, plane
    case ellipsoid, octahedron, pyramid, tetrahedron
    // point → value: 2D profiles (read x, y)
    case circle, rectangle, roundedRectangle, polygon
    // point → value: a wrapped field (`parameter` indexes `fields`)
    case field
    // value, value → value
    case minimum, maximum, subtract
    case smoothMinimum, smoothMaximum, smoothSubtract
    case chamferMinimum, chamferMaximum, chamferSubtract
    // value → value
    case multiply, addConstant, shell
    // value (2D distance), point (z) → value
    case extrude
}

/// One instruction: `output ← opcode(inputA, inputB, constants[parameter…])`.
@usableFromInline
struct Instruction: Sendable {
    var opcode: Opcode
    var output: Int32
    var inputA: Int32
    var inputB: Int32
    var parameter: Int32
}

/// A shape tree compiled to a flat list of instructions over registers, evaluated over chunks of
/// `ShapeProgram.chunkSize` points in structure-of-arrays form with 16-wide SIMD (the idea of
/// libfive's tapes): no allocation, recursion or dynamic dispatch per point.
public final class ShapeProgram: Sendable {
    /// Points per chunk: registers stay in L1/L2 and instruction dispatch is amortised.
    public static let chunkSize = 256
    static let lanes = chunkSize / 16

    let instructions: [Instruction]
    let constants: [Float]
    let fields: [any DistanceField]
    let valueRegisterCount: Int
    let pointRegisterCount: Int
    let resultRegister: Int32

    init(instructions: [Instruction], constants: [Float], fields: [any DistanceField],
         valueRegisterCount: Int, pointRegisterCount: Int, resultRegister: Int32) {
        self.instructions = instructions
        self.constants = constants
        self.fields = fields
        self.valueRegisterCount = valueRegisterCount
        self.pointRegisterCount = pointRegisterCount
        self.resultRegister = resultRegister
    }

    /// The number of instructions (the tape length).
    public var instructionCount: Int { instructions.count }

    /// Writes the field value of each point into `distances` (same count).
    public func evaluate(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                         into distances: UnsafeMutableBufferPointer<Float>) {
        precondition(points.count == distances.count, "points and distances differ in count")
        guard points.count > 0 else { return }
        let scratch = ChunkScratch(valueRegisters: valueRegisterCount, pointRegisters: pointRegisterCount,
                                   needsFieldBuffers: !fields.isEmpty)
        defer { scratch.deallocate() }
        runChunks(of: points, scratch: scratch) { instruction, constants, count in
            execute(instruction, scratch: scratch, constants: constants, lanes: Self.lanes, count: count)
        } store: { start, count in
            let result = UnsafeRawPointer(scratch.value(resultRegister)).assumingMemoryBound(to: Float.self)
            (distances.baseAddress! + start).update(from: result, count: count)
        }
    }

    /// The chunk loop of `evaluate` and `gradients`: loads each chunk of up to `chunkSize` points
    /// into point register 0, applies `step` to every instruction (with the constants and the
    /// chunk's point count), then lets `store` read the result (first point index, point count).
    @inline(__always)
    func runChunks(of points: UnsafeBufferPointer<SIMD3<Float>>, scratch: ChunkScratch,
                   step: (Instruction, UnsafePointer<Float>, _ count: Int) -> Void,
                   store: (_ start: Int, _ count: Int) -> Void) {
        constants.withUnsafeBufferPointer { c in
            instructions.withUnsafeBufferPointer { tape in
                let k = c.baseAddress!
                var start = 0
                while start < points.count {
                    let count = Swift.min(Self.chunkSize, points.count - start)
                    scratch.loadPoints(points.baseAddress! + start, count: count)
                    for instruction in tape { step(instruction, k, count) }
                    store(start, count)
                    start += count
                }
            }
        }
    }

    @inline(__always)
    func execute(_ op: Instruction, scratch: ChunkScratch, constants: UnsafePointer<Float>,
                         lanes: Int, count: Int) {
        let k = constants + Int(op.parameter)
        switch op.opcode {
        case .affine, .mirror, .repeatCell, .twist, .bend, .elongate, .revolve:
            PointKernels.run(op.opcode, scratch.point(op.inputA), scratch.point(op.output), k, lanes)
        case .sphere, .box, .roundedBox, .torus, .capsule, .cylinder, .roundedCylinder, .cone, .plane,
             .ellipsoid, .octahedron, .pyramid, .tetrahedron:
            PrimitiveKernels.run(op.opcode, scratch.point(op.inputA), scratch.value(op.output), k, lanes)
        case .circle, .rectangle, .roundedRectangle, .polygon:
            ProfileKernels.run(op.opcode, scratch.point(op.inputA), scratch.value(op.output), k, lanes)
        case .field:
            scratch.evaluateField(fields[Int(op.parameter)], at: scratch.gatherFieldPoints(op.inputA, count: count),
                                  into: op.output)
        case .minimum, .maximum, .subtract, .smoothMinimum, .smoothMaximum, .smoothSubtract,
             .chamferMinimum, .chamferMaximum, .chamferSubtract:
            CombineKernels.run(op.opcode, scratch.value(op.inputA), scratch.value(op.inputB),
                               scratch.value(op.output), k, lanes)
        case .multiply, .addConstant, .shell:
            CombineKernels.modify(op.opcode, scratch.value(op.inputA), scratch.value(op.output), k, lanes)
        case .extrude:
            CombineKernels.extrude(scratch.value(op.inputA), scratch.point(op.inputB).z,
                                   scratch.value(op.output), k, lanes)
        }
    }
}

/// Three coordinate planes of one point register (structure of arrays).
@usableFromInline
struct PointRegister {
    let x: UnsafeMutablePointer<SIMD16<Float>>
    let y: UnsafeMutablePointer<SIMD16<Float>>
    let z: UnsafeMutablePointer<SIMD16<Float>>

    /// The coordinate plane of `axis` (0, 1, 2).
    @inline(__always)
    func plane(_ axis: Int) -> UnsafeMutablePointer<SIMD16<Float>> { axis == 0 ? x : axis == 1 ? y : z }
}

/// The registers of one evaluation call, allocated once per call (not per point).
///
/// With gradients, every value register carries three more planes (its gradient with respect to
/// the input point) and every point register nine more (its Jacobian, row after row).
final class ChunkScratch {
    let values: UnsafeMutablePointer<SIMD16<Float>>
    let points: UnsafeMutablePointer<SIMD16<Float>>
    let fieldPoints: UnsafeMutablePointer<SIMD3<Float>>?
    let fieldValues: UnsafeMutablePointer<Float>?
    /// Planes per value register (1, or 4 with gradients) and per point register (3, or 12).
    let valuePlanes: Int
    let pointPlanes: Int
    /// Gradient mode only: a wrapped field's gradients, and temporaries of the gradient kernels.
    let fieldGradients: UnsafeMutablePointer<SIMD3<Float>>?
    let temporaries: UnsafeMutablePointer<SIMD16<Float>>?
    let lanes = ShapeProgram.lanes

    init(valueRegisters: Int, pointRegisters: Int, needsFieldBuffers: Bool, withGradients: Bool = false) {
        valuePlanes = withGradients ? 4 : 1
        pointPlanes = withGradients ? 12 : 3
        let valueCount = max(1, valueRegisters) * valuePlanes * ShapeProgram.lanes
        let pointCount = max(1, pointRegisters) * pointPlanes * ShapeProgram.lanes
        values = .allocate(capacity: valueCount)
        points = .allocate(capacity: pointCount)
        values.initialize(repeating: .zero, count: valueCount)
        points.initialize(repeating: .zero, count: pointCount)
        fieldPoints = needsFieldBuffers ? .allocate(capacity: ShapeProgram.chunkSize) : nil
        fieldValues = needsFieldBuffers ? .allocate(capacity: ShapeProgram.chunkSize) : nil
        fieldGradients = needsFieldBuffers && withGradients ? .allocate(capacity: ShapeProgram.chunkSize) : nil
        let temporaryCount = DualKernels.temporaryPlanes * ShapeProgram.lanes
        temporaries = withGradients ? .allocate(capacity: temporaryCount) : nil
        temporaries?.initialize(repeating: .zero, count: temporaryCount)
    }

    func deallocate() {
        values.deallocate()
        points.deallocate()
        fieldPoints?.deallocate()
        fieldValues?.deallocate()
        fieldGradients?.deallocate()
        temporaries?.deallocate()
    }

    @inline(__always)
    func value(_ register: Int32) -> UnsafeMutablePointer<SIMD16<Float>> {
        values + Int(register) * valuePlanes * lanes
    }

    @inline(__always)
    func point(_ register: Int32) -> PointRegister {
        let base = points + Int(register) * pointPlanes * lanes
        return PointRegister(x: base, y: base + lanes, z: base + 2 * lanes)
    }

    /// The gradient planes of a value register (gradient mode).
    @inline(__always)
    func gradient(_ register: Int32) -> PointRegister {
        let base = value(register) + lanes
        return PointRegister(x: base, y: base + lanes, z: base + 2 * lanes)
    }

    /// Row `axis` of a point register's Jacobian: the derivatives of coordinate `axis` with
    /// respect to the input point's x, y and z (gradient mode).
    @inline(__always)
    func jacobianRow(_ register: Int32, _ axis: Int) -> PointRegister {
        let base = points + (Int(register) * pointPlanes + 3 + 3 * axis) * lanes
        return PointRegister(x: base, y: base + lanes, z: base + 2 * lanes)
    }

    /// Three planes of temporaries starting at plane `index` (gradient mode).
    @inline(__always)
    func temporary(_ index: Int) -> PointRegister {
        let base = temporaries! + index * lanes
        return PointRegister(x: base, y: base + lanes, z: base + 2 * lanes)
    }

    /// Transposes `count` points into point register 0; the tail of the chunk repeats the last
    /// point so every lane holds finite input.
    func loadPoints(_ source: UnsafePointer<SIMD3<Float>>, count: Int) {
        let p = point(0)
        let x = UnsafeMutableRawPointer(p.x).assumingMemoryBound(to: Float.self)
        let y = UnsafeMutableRawPointer(p.y).assumingMemoryBound(to: Float.self)
        let z = UnsafeMutableRawPointer(p.z).assumingMemoryBound(to: Float.self)
        for i in 0..<count {
            let q = source[i]
            x[i] = q.x
            y[i] = q.y
            z[i] = q.z
        }
        let last = source[count - 1]
        for i in count..<ShapeProgram.chunkSize {
            x[i] = last.x
            y[i] = last.y
            z[i] = last.z
        }
    }

    /// The first `count` points of `register`, copied into `fieldPoints` for a wrapped field.
    func gatherFieldPoints(_ register: Int32, count: Int) -> UnsafeBufferPointer<SIMD3<Float>> {
        let p = point(register)
        let x = UnsafeRawPointer(p.x).assumingMemoryBound(to: Float.self)
        let y = UnsafeRawPointer(p.y).assumingMemoryBound(to: Float.self)
        let z = UnsafeRawPointer(p.z).assumingMemoryBound(to: Float.self)
        let aos = fieldPoints!
        for i in 0..<count { aos[i] = SIMD3(x[i], y[i], z[i]) }
        return UnsafeBufferPointer(start: aos, count: count)
    }

    /// Evaluates a wrapped field for the chunk's points (from `gatherFieldPoints`) in one batch call.
    func evaluateField(_ field: any DistanceField, at points: UnsafeBufferPointer<SIMD3<Float>>, into output: Int32) {
        let result = fieldValues!, count = points.count
        field.distances(at: points, into: UnsafeMutableBufferPointer(start: result, count: count))
        let out = UnsafeMutableRawPointer(value(output)).assumingMemoryBound(to: Float.self)
        for i in 0..<ShapeProgram.chunkSize {
            let v = result[Swift.min(i, count - 1)]
            out[i] = v.isNaN ? Float.greatestFiniteMagnitude : v
        }
    }
}
