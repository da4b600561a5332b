import Synchronization

/// The compiled shapes of recently used trees, so that a bare primitive (a `Sphere`, a `Box`, …)
/// used as a distance field compiles its one-node tree once instead of on every call.
///
/// Entries are matched by tree equality (primitives are small value types that may be mutated,
/// so a stale program can never be returned); the least recently used of `capacity` entries is
/// dropped. The lock is taken once per batch call, never per point.
enum ShapeCache {
    static let capacity = 32
    private static let entries = Mutex<[Shape]>([])

    /// The compiled shape for `node`, compiling it on a miss.
    static func shape(for node: ShapeNode) -> Shape {
        if let hit = entries.withLock({ list -> Shape? in
            guard let index = list.firstIndex(where: { $0.node == node }) else { return nil }
            let shape = list.remove(at: index)
            list.append(shape)
            return shape
        }) {
            return hit
        }
        let compiled = Shape(node)
        entries.withLock { list in
            if list.count >= capacity { list.removeFirst() }
            list.append(compiled)
        }
        return compiled
    }
}
