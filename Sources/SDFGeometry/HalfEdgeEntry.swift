/// How `HalfEdgeCensus` stores a half-edge `a → b` of triangle `(a, b, c)` in the row of
/// `min(a, b)`: the larger vertex, the direction bit (`a > b`) lowest, and optionally `c`.
/// Sorting a row puts the uses of one edge side by side.
protocol HalfEdgeEntry: FixedWidthInteger & UnsignedInteger & SendableMetatype {
    /// Whether entries hold the third vertex (then duplicate triangles can be found).
    static var carriesThirdVertex: Bool { get }
    /// Entries readable past the last row (for vector loads).
    static var rowPadding: Int { get }
    /// The entry of a half-edge whose larger vertex is `larger`.
    init(halfEdgeTo larger: UInt32, third: UInt32, descending: Bool)
    /// The larger vertex of the entry's edge.
    var otherVertex: UInt32 { get }
    /// The third vertex of the entry's triangle (meaningful if `carriesThirdVertex`).
    var thirdVertex: UInt32 { get }
    /// Whether the `count` entries from `row` (unsorted) are exactly pairs `x`, `x ^ 1`: every
    /// edge of the row used once in each direction. May answer `false` for such a row, never
    /// `true` for another.
    static func isClosedAndOriented(row: UnsafePointer<Self>, count: Int) -> Bool
}

/// 4-byte entries `larger << 1 | descending`: enough for edge use, not for duplicate triangles.
extension UInt32: HalfEdgeEntry {
    static var carriesThirdVertex: Bool { false }
    static var rowPadding: Int { 16 }

    @inline(__always)
    init(halfEdgeTo larger: UInt32, third: UInt32, descending: Bool) {
        self = larger << 1 | (descending ? 1 : 0)
    }

    var otherVertex: UInt32 { self >> 1 }
    var thirdVertex: UInt32 { 0 }

    /// Compares every entry of a row of at most 16 with all of them at once (8 lanes for rows
    /// of up to 8): no entry may repeat (`same` counts only the entry itself) and each must meet
    /// its reverse exactly once. Lanes past the row hold `UInt32.max`, which no entry (vertex
    /// < 2^31 − 1) or reversed entry equals. The masks are built arithmetically: a vector
    /// comparison with a count compiled lane by lane.
    @inline(__always)
    static func isClosedAndOriented(row: UnsafePointer<UInt32>, count: Int) -> Bool {
        let c = UInt32(truncatingIfNeeded: count)
        if count <= 8 {
            let lanes = SIMD8<UInt32>(0, 1, 2, 3, 4, 5, 6, 7)
            let outside = ((lanes &- SIMD8(repeating: c)) &>> SIMD8(repeating: 31)) &- SIMD8(repeating: 1)
            let x = UnsafeRawPointer(row).loadUnaligned(as: SIMD8<UInt32>.self) | outside
            let reversed = x ^ SIMD8(repeating: 1)
            var same = SIMD8<UInt32>(), partners = SIMD8<UInt32>()
            for n in 0..<count {
                let entry = SIMD8<UInt32>(repeating: row[n])
                same &-= unsafeBitCast(x .== entry, to: SIMD8<UInt32>.self)
                partners &-= unsafeBitCast(reversed .== entry, to: SIMD8<UInt32>.self)
            }
            return same.wrappedSum() == c && partners.wrappedSum() == c
        }
        guard count <= 16 else { return false }
        let lanes = SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let outside = ((lanes &- SIMD16(repeating: c)) &>> SIMD16(repeating: 31)) &- SIMD16(repeating: 1)
        let x = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<UInt32>.self) | outside
        let reversed = x ^ SIMD16(repeating: 1)
        var same = SIMD16<UInt32>(), partners = SIMD16<UInt32>()
        for n in 0..<count {
            let entry = SIMD16<UInt32>(repeating: row[n])
            same &-= unsafeBitCast(x .== entry, to: SIMD16<UInt32>.self)
            partners &-= unsafeBitCast(reversed .== entry, to: SIMD16<UInt32>.self)
        }
        return same.wrappedSum() == c && partners.wrappedSum() == c
    }
}

/// 8-byte entries `larger << 32 | third << 1 | descending`.
extension UInt64: HalfEdgeEntry {
    static var carriesThirdVertex: Bool { true }
    static var rowPadding: Int { 0 }

    @inline(__always)
    init(halfEdgeTo larger: UInt32, third: UInt32, descending: Bool) {
        self = UInt64(larger) << 32 | UInt64(third) << 1 | (descending ? 1 : 0)
    }

    var otherVertex: UInt32 { UInt32(truncatingIfNeeded: self >> 32) }
    var thirdVertex: UInt32 { UInt32(truncatingIfNeeded: self >> 1) & 0x7FFF_FFFF }

    static func isClosedAndOriented(row: UnsafePointer<UInt64>, count: Int) -> Bool { false }
}
