#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on stderr, shown only when stderr is a terminal.
public struct ProgressLine: Sendable {
    /// Whether stderr is a terminal (progress is silent otherwise).
    public static let isEnabled: Bool = isatty(2) != 0

    public init() {}

    /// Replaces the current progress line with `text`.
    public func update(_ text: String) {
        guard Self.isEnabled else { return }
        writeStandardError("\r\u{1B}[2K\(text)")
    }

    /// Clears the progress line.
    public func finish() {
        guard Self.isEnabled else { return }
        writeStandardError("\r\u{1B}[2K")
    }
}

/// Prints a warning line (`warning: …`) on stderr, whatever stderr is.
public func printWarning(_ text: String) {
    writeStandardError("warning: \(text)\n")
}

/// Monotonic wall-clock seconds, for timings.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds used so far by the whole process (all threads): on a shared machine a steadier
/// measure of work than wall-clock time.
public func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds used so far by the calling thread.
public func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Writes `text` to file descriptor 2, unbuffered.
public func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { return }
        offset += n
    }
}
