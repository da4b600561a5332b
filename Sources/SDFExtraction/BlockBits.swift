/// One bit per vertex (or cell) of a block of 8³: word `z`, bit `x + 8y`.
typealias BlockBits = SIMD8<UInt64>

/// Whole-block bit operations for `SurfaceTracker`'s waves: reading each position's neighbour
/// along an axis (taking the bits beyond the block face from the adjacent block), and the masks
/// of the block's faces.
enum BlockShift {
    /// Bits with `x = 0`, `x = 7`, `y = 0` and `y = 7` in each word.
    static let column0: UInt64 = 0x0101_0101_0101_0101
    static let column7: UInt64 = 0x8080_8080_8080_8080
    static let row0: UInt64 = 0xFF
    static let row7: UInt64 = 0xFF << 56

    /// Bit `v` of the result is bit `v + x̂` of the block `a`, whose +x neighbour is `next`.
    @inline(__always)
    static func fromPlusX(_ a: BlockBits, next: BlockBits) -> BlockBits {
        ((a &>> 1) & BlockBits(repeating: ~column7)) | ((next & BlockBits(repeating: column0)) &<< 7)
    }

    /// Bit `v` of the result is bit `v − x̂` of the block `a`, whose −x neighbour is `previous`.
    @inline(__always)
    static func fromMinusX(_ a: BlockBits, previous: BlockBits) -> BlockBits {
        ((a &<< 1) & BlockBits(repeating: ~column0)) | ((previous & BlockBits(repeating: column7)) &>> 7)
    }

    @inline(__always)
    static func fromPlusY(_ a: BlockBits, next: BlockBits) -> BlockBits {
        (a &>> 8) | (next &<< 56)
    }

    @inline(__always)
    static func fromMinusY(_ a: BlockBits, previous: BlockBits) -> BlockBits {
        (a &<< 8) | (previous &>> 56)
    }

    @inline(__always)
    static func fromPlusZ(_ a: BlockBits, next: BlockBits) -> BlockBits {
        BlockBits(a[1], a[2], a[3], a[4], a[5], a[6], a[7], next[0])
    }

    @inline(__always)
    static func fromMinusZ(_ a: BlockBits, previous: BlockBits) -> BlockBits {
        BlockBits(previous[7], a[0], a[1], a[2], a[3], a[4], a[5], a[6])
    }

    /// The positions of a block on its high faces: `x = 7` if bit 0 of `axes` is set, `y = 7` if
    /// bit 1, `z = 7` if bit 2 (all positions for `axes == 0`).
    static func highFaces(_ axes: Int) -> BlockBits {
        var mask = BlockBits(repeating: ~0)
        if axes & 1 != 0 { mask &= BlockBits(repeating: column7) }
        if axes & 2 != 0 { mask &= BlockBits(repeating: row7) }
        if axes & 4 != 0 { mask = BlockBits(0, 0, 0, 0, 0, 0, 0, mask[7]) }
        return mask
    }

    /// The positions on the block face `face` (low then high face per axis).
    static func face(_ face: Int) -> BlockBits {
        switch face {
        case 0: BlockBits(repeating: column0)
        case 1: BlockBits(repeating: column7)
        case 2: BlockBits(repeating: row0)
        case 3: BlockBits(repeating: row7)
        case 4: BlockBits(~0, 0, 0, 0, 0, 0, 0, 0)
        default: BlockBits(0, 0, 0, 0, 0, 0, 0, ~0)
        }
    }

    @inline(__always)
    static func isEmpty(_ a: BlockBits) -> Bool {
        a == BlockBits()
    }

    @inline(__always)
    static func count(_ a: BlockBits) -> Int {
        var n = 0
        for w in 0..<8 { n += a[w].nonzeroBitCount }
        return n
    }
}
