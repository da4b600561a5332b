import SDFGeometry

extension ShapeProgram {
    /// Writes the analytic gradient `∇f` of each point into `gradients` (same count).
    ///
    /// Forward mode over the same tape: every point register carries the Jacobian of its
    /// coordinates with respect to the input point and every value register its gradient.
    /// Primitives give closed-form gradients (the pyramid uses central differences of its own
    /// closed form), combinations take the active branch's gradient or the blend's weighted mix,
    /// transforms and domain maps apply their Jacobians, and wrapped fields supply their own
    /// `gradients(at:into:)`. Values equal those of `evaluate`; where the field has a crease
    /// the gradient is that of the branch the evaluation picked.
    public func gradients(_ points: UnsafeBufferPointer<SIMD3<Float>>,
                          into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        precondition(points.count == gradients.count, "points and gradients differ in count")
        guard points.count > 0 else { return }
        let scratch = ChunkScratch(valueRegisters: valueRegisterCount, pointRegisters: pointRegisterCount,
                                   needsFieldBuffers: !fields.isEmpty, withGradients: true)
        defer { scratch.deallocate() }
        // Point register 0 is never an instruction's output, so its Jacobian stays the identity.
        scratch.loadIdentityJacobian()
        runChunks(of: points, scratch: scratch) { instruction, constants, count in
            executeWithGradient(instruction, scratch: scratch, constants: constants, count: count)
        } store: { start, count in
            let g = scratch.gradient(resultRegister)
            let gx = UnsafeRawPointer(g.x).assumingMemoryBound(to: Float.self)
            let gy = UnsafeRawPointer(g.y).assumingMemoryBound(to: Float.self)
            let gz = UnsafeRawPointer(g.z).assumingMemoryBound(to: Float.self)
            for i in 0..<count { gradients[start + i] = SIMD3(gx[i], gy[i], gz[i]) }
        }
    }

    /// One instruction with its derivative: the gradient or Jacobian kernel first (combinations
    /// overwrite their first input's value), then the value kernel. Twist and bend write both in
    /// one pass (one sine and cosine per point); a wrapped field gathers its points once for both.
    private func executeWithGradient(_ op: Instruction, scratch: ChunkScratch, constants: UnsafePointer<Float>,
                                     count: Int) {
        let k = constants + Int(op.parameter)
        let lanes = Self.lanes
        switch op.opcode {
        case .affine, .mirror, .repeatCell, .elongate, .revolve:
            DualKernels.jacobian(op.opcode, scratch: scratch, from: op.inputA, to: op.output, k, lanes)
        case .twist, .bend:
            DualKernels.rotateInPlane(scratch: scratch, from: op.inputA, to: op.output, rate: k[0],
                                      angleFromZ: op.opcode == .twist, lanes)
            return
        case .sphere, .box, .roundedBox, .torus, .capsule, .cylinder, .roundedCylinder, .cone, .plane,
             .ellipsoid, .octahedron, .pyramid, .tetrahedron, .circle, .rectangle, .roundedRectangle, .polygon:
            let local = scratch.temporary(0)
            PrimitiveGradientKernels.run(op.opcode, scratch.point(op.inputA), local, k, lanes, scratch: scratch)
            DualKernels.chain(local, through: scratch, op.inputA, into: scratch.gradient(op.output), lanes)
        case .field:
            let field = fields[Int(op.parameter)], points = scratch.gatherFieldPoints(op.inputA, count: count)
            scratch.fieldGradient(field, at: points, into: scratch.temporary(0))
            DualKernels.chain(scratch.temporary(0), through: scratch, op.inputA, into: scratch.gradient(op.output), lanes)
            scratch.evaluateField(field, at: points, into: op.output)
            return
        case .minimum, .maximum, .subtract, .smoothMinimum, .smoothMaximum, .smoothSubtract,
             .chamferMinimum, .chamferMaximum, .chamferSubtract:
            DualKernels.combine(op.opcode, scratch: scratch, op.inputA, op.inputB, op.output, k, lanes)
        case .multiply, .addConstant, .shell:
            DualKernels.modify(op.opcode, scratch: scratch, op.inputA, op.output, k, lanes)
        case .extrude:
            DualKernels.extrude(scratch: scratch, distance: op.inputA, point: op.inputB, op.output, k, lanes)
        }
        execute(op, scratch: scratch, constants: constants, lanes: lanes, count: count)
    }
}

extension ChunkScratch {
    /// The input register's Jacobian is the identity.
    func loadIdentityJacobian() {
        for row in 0..<3 {
            let r = jacobianRow(0, row)
            for i in 0..<lanes {
                r.x[i] = Vector16(repeating: row == 0 ? 1 : 0)
                r.y[i] = Vector16(repeating: row == 1 ? 1 : 0)
                r.z[i] = Vector16(repeating: row == 2 ? 1 : 0)
            }
        }
    }

    /// A wrapped field's gradients at the chunk's points (from `gatherFieldPoints`), in its own
    /// coordinates.
    func fieldGradient(_ field: any DistanceField, at points: UnsafeBufferPointer<SIMD3<Float>>, into local: PointRegister) {
        let result = fieldGradients!, count = points.count
        field.gradients(at: points, into: UnsafeMutableBufferPointer(start: result, count: count))
        let gx = UnsafeMutableRawPointer(local.x).assumingMemoryBound(to: Float.self)
        let gy = UnsafeMutableRawPointer(local.y).assumingMemoryBound(to: Float.self)
        let gz = UnsafeMutableRawPointer(local.z).assumingMemoryBound(to: Float.self)
        for i in 0..<ShapeProgram.chunkSize {
            let g = result[Swift.min(i, count - 1)]
            let finite = g.x.isFinite && g.y.isFinite && g.z.isFinite
            gx[i] = finite ? g.x : 0
            gy[i] = finite ? g.y : 0
            gz[i] = finite ? g.z : 0
        }
    }
}
