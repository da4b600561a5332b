/// A growable array of a trivial element type over manually managed memory, for hot loops that
/// append through a plain pointer: `reserve(n)` once, then up to `n` `appendReserved` calls.
/// Ownership passes to a `ChunkStorage` with `take()`. Over memory the caller owns
/// (`init(external:)`) it cannot grow: asking for room past its end traps.
struct GrowableBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int
    let isExternal: Bool

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        isExternal = false
    }

    /// A fixed buffer over `memory`, which the caller keeps.
    init(external memory: UnsafeMutableBufferPointer<Element>) {
        base = memory.baseAddress ?? .allocate(capacity: 0)
        capacity = memory.count
        isExternal = memory.baseAddress != nil
    }

    /// Makes room for `extra` more elements.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// Appends within the room made by `reserve`.
    @inline(__always)
    mutating func appendReserved(_ element: Element) {
        (base + count).initialize(to: element)
        count += 1
    }

    /// Makes room for `n` more elements and counts them; returns where to write them.
    @inline(__always)
    mutating func extend(by n: Int) -> UnsafeMutablePointer<Element> {
        reserve(n)
        defer { count += n }
        return base + count
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        precondition(!isExternal, "a fixed output buffer is full")
        capacity = Swift.max(needed, 2 * capacity)
        let new = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        new.moveInitialize(from: base, count: count)
        base.deallocate()
        base = new
    }

    /// The elements, whose memory the caller now owns (none over external memory).
    func take() -> UnsafeMutableBufferPointer<Element> {
        isExternal ? .allocate(capacity: 0) : UnsafeMutableBufferPointer(start: base, count: count)
    }

}

/// Owns the buffers of one `ChunkMesh` (freed with its last copy).
final class ChunkStorage: @unchecked Sendable {
    let positions: UnsafeMutableBufferPointer<SIMD3<Float>>
    let indices: UnsafeMutableBufferPointer<UInt32>
    let borderVertices: UnsafeMutableBufferPointer<UInt32>
    let borderKeys: UnsafeMutableBufferPointer<UInt64>

    init(positions: UnsafeMutableBufferPointer<SIMD3<Float>>, indices: UnsafeMutableBufferPointer<UInt32>,
         borderVertices: UnsafeMutableBufferPointer<UInt32>, borderKeys: UnsafeMutableBufferPointer<UInt64>) {
        self.positions = positions
        self.indices = indices
        self.borderVertices = borderVertices
        self.borderKeys = borderKeys
    }

    static let empty = ChunkStorage(positions: .allocate(capacity: 0), indices: .allocate(capacity: 0),
                                    borderVertices: .allocate(capacity: 0), borderKeys: .allocate(capacity: 0))

    deinit {
        positions.deallocate()
        indices.deallocate()
        borderVertices.deallocate()
        borderKeys.deallocate()
    }
}

/// The triangle indices of a whole meshing pass in one array, chunk after chunk, for welding to
/// renumber in place and hand over to the mesh (so they are written to fresh memory only once).
final class SharedIndices: @unchecked Sendable {
    private var array: [UInt32]

    init(_ array: [UInt32]) {
        self.array = array
    }

    var count: Int { array.count }

    /// Moves the array out (leaving this empty).
    func take() -> [UInt32] {
        defer { array = [] }
        return array
    }
}

/// The triangles a run of blocks produced, before welding.
struct ChunkMesh: @unchecked Sendable {
    private let storage: ChunkStorage
    /// Vertex positions (chunk-local numbering).
    var positions: UnsafeBufferPointer<SIMD3<Float>> { UnsafeBufferPointer(storage.positions) }
    /// Three chunk-local vertex numbers per triangle, outward winding (empty when `shared`).
    var indices: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(storage.indices) }
    /// When set, the chunk's indices are elements `sharedRange` of this array instead.
    var shared: SharedIndices?
    var sharedRange = 0..<0
    var indexCount: Int { shared == nil ? storage.indices.count : sharedRange.count }
    /// Chunk-local numbers (increasing) of the vertices on border edges, and their global edge keys.
    var borderVertices: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(storage.borderVertices) }
    var borderKeys: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(storage.borderKeys) }
    /// Keys of blocks that share a crossed border edge with a meshed block.
    var neighborRequests: [UInt64] = []
    /// Field evaluations made.
    var evaluations = 0
    /// Whether an inside value was found outside the padded box (and forced outside).
    var surfaceReachesBox = false

    init() {
        storage = .empty
    }

    init(storage: ChunkStorage) {
        self.storage = storage
    }
}
