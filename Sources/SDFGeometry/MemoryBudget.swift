#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory one job may plan to use, so that work which cannot fit is refused up front
/// with its estimate instead of failing half-way (or thrashing) after allocating.
///
/// The budget is three quarters of physical memory, or the `SDFKIT_MEMORY_LIMIT` environment
/// variable when set (bytes, or a number with a `K`, `M` or `G` suffix).
public enum MemoryBudget {
    /// The budget in bytes.
    public static var bytes: Double {
        if let text = getEnvironment("SDFKIT_MEMORY_LIMIT"), let limit = parseByteCount(text) {
            return limit
        }
        return 0.75 * physicalBytes
    }

    /// Physical memory of this machine in bytes.
    public static var physicalBytes: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Throws `SDFError("<what> needs an estimated X GB of memory, more than the Y GB budget …")`
    /// when `estimatedBytes` exceeds the budget.
    public static func check(_ estimatedBytes: Double, for what: String, path: String? = nil) throws {
        let budget = bytes
        guard estimatedBytes > budget else { return }
        throw SDFError(
            "\(what) needs an estimated \(formatBytes(estimatedBytes)) of memory, more than the "
                + "\(formatBytes(budget)) budget (3/4 of physical memory, or SDFKIT_MEMORY_LIMIT)",
            path: path)
    }

    /// `bytes` as decimal gigabytes (or megabytes below 1 GB), one decimal.
    public static func formatBytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? "\((bytes / 1e8).rounded() / 10) GB" : "\((bytes / 1e5).rounded() / 10) MB"
    }

    /// Parses `123`, `512K`, `64M`, `2G` (binary multiples); nil for anything else.
    static func parseByteCount(_ text: String) -> Double? {
        let scales: [Character: Double] = ["K": 1024, "M": 1_048_576, "G": 1_073_741_824]
        var digits = Substring(text.uppercased())
        var scale = 1.0
        if let last = digits.last, let s = scales[last] {
            scale = s
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        return value * scale
    }
}
