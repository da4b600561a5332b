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
    private static let slotCount = 64
    private static let slotBytes = Int(PATH_MAX)
    /// Fixed storage the signal handler reads without locks, allocation or lazy initialisation
    /// (a handler that allocates can corrupt or deadlock malloc when the signal interrupts it):
    /// `slotCount` NUL-terminated paths of `slotBytes` bytes, and whether each slot is in use.
    nonisolated(unsafe) private static let paths: UnsafeMutablePointer<CChar> = {
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotBytes)
        storage.initialize(repeating: 0, count: slotCount * slotBytes)
        return storage
    }()
    nonisolated(unsafe) private static let inUse: UnsafeMutablePointer<Bool> = {
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: slotCount)
        flags.initialize(repeating: false, count: slotCount)
        return flags
    }()
    private static let lock = Mutex()

    /// Installs the SIGINT/SIGTERM handlers and unblocks both signals on the calling thread
    /// (call it first, from the main thread, before other threads exist).
    public static func install() {
        _ = (paths, inUse)  // initialised here, never inside the handler
        signal(SIGINT, handleSignal)
        signal(SIGTERM, handleSignal)
        signal(SIGXFSZ, SIG_IGN)
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Removes `path` if the process is interrupted, until `unregister(path)`.
    static func register(_ path: String) {
        let bytes = Array(path.utf8CString)
        guard bytes.count <= slotBytes else { return }
        lock.withLock {
            guard let slot = (0..<slotCount).first(where: { !inUse[$0] }) else { return }
            bytes.withUnsafeBufferPointer { (paths + slot * slotBytes).update(from: $0.baseAddress!, count: $0.count) }
            inUse[slot] = true
        }
    }

    static func unregister(_ path: String) {
        lock.withLock {
            for slot in 0..<slotCount where inUse[slot] && String(cString: paths + slot * slotBytes) == path {
                inUse[slot] = false
            }
        }
    }

    /// Called from the signal handler: only loads, `unlink` and arithmetic.
    fileprivate static func removeAll() {
        for slot in 0..<slotCount where inUse[slot] {
            unlink(paths + slot * slotBytes)
        }
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
