import Dispatch

/// A pointer wrapper that may cross into `@Sendable` closures. The caller guarantees that
/// concurrent users touch disjoint elements.
public struct SendablePointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    @inlinable public init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    @inlinable public init(_ buffer: UnsafeMutableBufferPointer<T>) { self.base = buffer.baseAddress! }
    @inlinable public subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// A read-only pointer wrapper that may cross into `@Sendable` closures.
public struct SendableConstPointer<T>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    @inlinable public init(_ base: UnsafePointer<T>) { self.base = base }
    @inlinable public init(_ buffer: UnsafeBufferPointer<T>) { self.base = buffer.baseAddress! }
    @inlinable public subscript(i: Int) -> T { base[i] }
}

/// Thread-count policy for every parallel kernel of sdfkit.
public enum Parallelism {
    /// Threads used by parallel kernels: the `SDFKIT_THREADS` environment variable if set,
    /// otherwise the number of active processors.
    public static let threadCount: Int = {
        if let text = getEnvironment("SDFKIT_THREADS"), let n = Int(text), n > 0 { return n }
        return max(1, activeProcessorCount())
    }()

    /// Runs `body` over contiguous, disjoint sub-ranges of `0..<count`, in parallel.
    ///
    /// Ranges hold at least `minimumChunk` items, so small jobs stay on the calling thread (a
    /// parallel region costs microseconds of wake-up). `body` receives the range and the index of
    /// the chunk (usable to pick per-thread scratch; chunk indices are `0..<chunkCount`).
    @inlinable
    public static func forEachChunk(
        count: Int, minimumChunk: Int = 4096, maxChunks: Int? = nil,
        _ body: @Sendable (Range<Int>, Int) -> Void
    ) {
        guard count > 0 else { return }
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk, maxChunks: maxChunks)
        if chunks == 1 {
            body(0..<count, 0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            body(chunkRange(c, of: chunks, count: count), c)
        }
    }

    /// Runs `body(i)` for every `i` in `0..<iterations`: in parallel, or in order on the calling
    /// thread when `threadCount` is 1 (so `SDFKIT_THREADS=1` also holds for per-item work).
    @inlinable
    public static func forEachIteration(_ iterations: Int, _ body: @Sendable (Int) -> Void) {
        if threadCount == 1 || iterations <= 1 {
            for i in 0..<iterations { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }

    /// How many chunks `forEachChunk` splits `count` items into.
    @inlinable
    public static func chunkCount(count: Int, minimumChunk: Int = 4096, maxChunks: Int? = nil) -> Int {
        let limit = maxChunks ?? threadCount
        return max(1, min(limit, count / max(1, minimumChunk)))
    }

    /// The `c`-th of `chunks` near-equal contiguous ranges of `0..<count`.
    @inlinable
    public static func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * c / chunks)..<(count * (c + 1) / chunks)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline
func getEnvironment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

@usableFromInline
func activeProcessorCount() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
