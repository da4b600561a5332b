import Dispatch
import SDFGeometry

extension MeshExporter {
    /// A written mesh's diagnostics and how long the check and the write took (wall clock).
    public struct CheckedWrite: Sendable {
        public var diagnostics: MeshDiagnostics
        public var checkSeconds: Double
        public var writeSeconds: Double
    }

    /// Writes `mesh` to `path` (as `write(_:to:)`) on a background thread while computing its
    /// `diagnostics()` on this one: writing is mostly the kernel copying into the page cache, so
    /// the check uses the otherwise idle core.
    /// - Throws: the write's `SDFError`, after the check has finished.
    public static func writeChecking(_ mesh: TriangleMesh, to path: String) throws -> CheckedWrite {
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
            var seconds = 0.0
        }
        let outcome = Outcome()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let start = monotonicSeconds()
            do { try write(mesh, to: path) } catch { outcome.error = error }
            outcome.seconds = monotonicSeconds() - start
        }
        let start = monotonicSeconds()
        let diagnostics = mesh.diagnostics()
        let checkSeconds = monotonicSeconds() - start
        group.wait()
        if let error = outcome.error { throw error }
        return CheckedWrite(diagnostics: diagnostics, checkSeconds: checkSeconds, writeSeconds: outcome.seconds)
    }
}
