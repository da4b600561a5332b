import Dispatch
import SDFGeometry

extension MeshExporter {
    /// A written mesh's edge use and how long the check and the write took (wall clock).
    public struct CheckedWrite: Sendable {
        /// Closedness, manifoldness and orientation of the written mesh.
        public var edgeUse: EdgeUse
        /// Seconds of the check.
        public var checkSeconds: Double
        /// Seconds of the write.
        public var writeSeconds: Double
    }

    /// Writes `mesh` to `path` (as `write(_:to:)`) on a background thread while computing its
    /// `edgeUse()` on this one: writing is mostly the kernel copying into the page cache, so
    /// the check uses the otherwise idle core.
    /// - Throws: `SDFError` for an unsupported extension, an unwritable destination or a mesh
    ///   with out-of-range indices (before anything runs), else the write's `SDFError`, after
    ///   the check has finished.
    public static func writeChecking(_ mesh: TriangleMesh, to path: String) throws -> CheckedWrite {
        let format = try format(for: path)
        try AtomicFile.checkWritable(path)
        try checkIndices(mesh, path: path)
        final class Outcome: @unchecked Sendable {
            var error: (any Error)?
            var seconds = 0.0
        }
        let outcome = Outcome()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let start = monotonicSeconds()
            do { try write(mesh, as: format, to: path) } catch { outcome.error = error }
            outcome.seconds = monotonicSeconds() - start
        }
        let start = monotonicSeconds()
        let edgeUse = mesh.edgeUse()
        let checkSeconds = monotonicSeconds() - start
        group.wait()
        if let error = outcome.error { throw error }
        return CheckedWrite(edgeUse: edgeUse, checkSeconds: checkSeconds, writeSeconds: outcome.seconds)
    }
}
