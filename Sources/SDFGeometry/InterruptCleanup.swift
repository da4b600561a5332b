#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes registered temporary files when the process receives SIGINT or SIGTERM, then exits
/// with the conventional status (128 + signal). Installed once by the CLI. Also ignores SIGXFSZ,
/// so that a write beyond the file-size limit fails with EFBIG and is reported like a full disk
/// instead of killing the process with a temporary file left behind.
public enum InterruptCleanup {
    // A fixed table of C strings, readable from the signal handler without locks or allocation.
    nonisolated(unsafe) private static var slots = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 64)
    private static let lock = Mutex()

    /// Installs the SIGINT/SIGTERM handlers.
    public static func install() {
        signal(SIGINT, handleSignal)
        signal(SIGTERM, handleSignal)
        signal(SIGXFSZ, SIG_IGN)
    }

    static func register(_ path: String) {
        lock.withLock {
            if let i = slots.firstIndex(where: { $0 == nil }) { slots[i] = strdup(path) }
        }
    }

    static func unregister(_ path: String) {
        lock.withLock {
            for i in slots.indices where slots[i].map({ String(cString: $0) == path }) == true {
                free(slots[i])
                slots[i] = nil
            }
        }
    }

    fileprivate static func removeAll() {
        for slot in slots { if let slot { unlink(slot) } }
    }
}

private func handleSignal(_ signal: Int32) {
    InterruptCleanup.removeAll()
    _exit(128 + signal)
}

/// A minimal pthread mutex.
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
