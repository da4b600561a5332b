import SDFGeometry

/// The lattice corners of a block of points at one level: table entries and interpolation
/// weights from the encoding's eight-point stencils (`EncodingLevel.simplexCorners` and
/// `gridCorners`), written corner after corner so the gather that follows is one tight loop
/// over independent loads.
extension InferenceKernel {
    /// Writes entry `c` and weight `c` of point `i` to `entries[c·blockRows + i]` and
    /// `weights[c·blockRows + i]` for the `rows` points (a multiple of 8) at `x, y, z`.
    /// With `pairOrder`, entries within each group of eight points are stored in the order
    /// `0 1 4 5 2 3 6 7` (see `blendPairs`); weights always in point order.
    func locateCorners(_ level: EncodingLevel, x: UnsafePointer<Float>, y: UnsafePointer<Float>,
                       z: UnsafePointer<Float>, rows: Int, pairOrder: Bool,
                       entries: UnsafeMutablePointer<UInt32>, weights: UnsafeMutablePointer<Float>) {
        var g = 0
        while g < rows {
            let px = load8(x + g), py = load8(y + g), pz = load8(z + g)
            let out = CornerOutput(entries: entries + g, weights: weights + g, pairOrder: pairOrder)
            switch configuration.lattice {
            case .simplex:
                out.store(0, level.simplexCorners(px, py, pz))
            case .grid:
                let (low, high) = level.gridCorners(px, py, pz)
                out.store(0, low)
                out.store(4, high)
            }
            g += 8
        }
    }

    /// Where corner `c` of a group of eight points goes: `c·blockRows` past these pointers.
    struct CornerOutput {
        let entries: UnsafeMutablePointer<UInt32>
        let weights: UnsafeMutablePointer<Float>
        let pairOrder: Bool

        /// Stores the four corners of `group` as corners `first…first + 3`.
        @inline(__always)
        func store(_ first: Int, _ group: CornerGroup) {
            store(first, group.entries.0, group.weights.0)
            store(first + 1, group.entries.1, group.weights.1)
            store(first + 2, group.entries.2, group.weights.2)
            store(first + 3, group.entries.3, group.weights.3)
        }

        @inline(__always)
        private func store(_ c: Int, _ e: SIMD8<UInt32>, _ w: SIMD8<Float>) {
            let e = pairOrder ? SIMD8(e[0], e[1], e[4], e[5], e[2], e[3], e[6], e[7]) : e
            store8(e, entries + c * InferenceKernel.blockRows)
            store8(w, weights + c * InferenceKernel.blockRows)
        }
    }
}

@inline(__always)
func load8<T: SIMDScalar>(_ p: UnsafePointer<T>) -> SIMD8<T> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self)
}

@inline(__always)
func store8<T: SIMDScalar>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<T>.self)
}
