#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes registered temporary files when the process receives SIGINT or SIGTERM, then exits
/// with the conventional status (128 + signal). Installed once by the CLI. Also ignores SIGXFSZ,
/// so that a write beyond the file-size limit fails with EFBIG and is reported like a full disk
/// instead of killing the process with a temporary file left behind.
///
/// A child inherits the signal mask of the thread that started it, and libdispatch's worker
/// threads (Swift concurrency, `DispatchQueue`) block SIGINT and SIGTERM: started from one of
/// them, sdfkit would never see these signals. `install` therefore unblocks them.
public enum InterruptCleanup {
    // A fixed table of C strings, readable from the signal handler without locks or allocation.
    nonisolated(unsafe) private static var slots = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 64)
    private static let lock = Mutex()

    /// Installs the SIGINT/SIGTERM handlers and unblocks both signals on the calling thread
    /// (call it first, from the main thread, before other threads exist).
    public static func install() {
        signal(SIGINT, handleSignal)
        signal(SIGTERM, handleSignal)
        signal(SIGXFSZ, SIG_IGN)
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    static func register(_ path: String) {
        lock.withLock {
            if let i = slots.firstIndex(where: { $0 == nil }) { slots[i] = strdup(path) }
        }
    }

    static func unregister(_ path: String) {
        lock.withLock {
            for i in slots.indices where slots[i].map({ String(cString: $0) == path }) == true {
                // Clear the slot before freeing, so a signal handler never reads freed memory.
                let slot = slots[i]
                slots[i] = nil
                free(slot)
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
