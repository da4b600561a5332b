#if canImport(Glibc)
import Glibc
#endif

/// An immutable copy of a model's hash tables in memory aligned to 2 MiB and offered to the kernel
/// for transparent huge pages (`madvise(MADV_HUGEPAGE)`).
///
/// Evaluation reads table entries at random: with 4 KiB pages the default 4 MiB of tables span
/// a thousand pages, far more than the first-level TLB holds, so most lookups also pay a page
/// walk; two huge pages cover them all. Where huge pages are unavailable the memory is ordinary
/// and only the alignment is spent.
final class HugePageStorage<Element: TableScalar>: @unchecked Sendable {
    /// The first of the stored elements.
    let base: UnsafePointer<Element>

    private static var hugePageBytes: Int { 1 << 21 }

    init(_ elements: [Element]) {
        let page = Self.hugePageBytes
        let bytes = Swift.max(1, (elements.count * MemoryLayout<Element>.stride + page - 1) / page) * page
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: page)
        #if canImport(Glibc)
        _ = madvise(raw, bytes, MADV_HUGEPAGE)
        #endif
        let typed = raw.bindMemory(to: Element.self, capacity: elements.count)
        elements.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { typed.initialize(from: start, count: source.count) }
        }
        base = UnsafePointer(typed)
    }

    deinit {
        UnsafeMutableRawPointer(mutating: base).deallocate()
    }
}
