import Foundation

/// The machine a benchmark ran on, read from /proc (Linux); "unknown" where it cannot be read.
public struct MachineDescription: Sendable, Codable, Equatable {
    /// CPU model name.
    public var cpu: String
    /// Online logical processors.
    public var logicalCores: Int
    /// Threads sdfkit's kernels use (`SDFKIT_THREADS` or the core count).
    public var threads: Int
    /// Installed memory, GiB.
    public var memoryGiB: Double
    /// 1-, 5- and 15-minute load averages when the benchmark started (other jobs skew figures).
    public var loadAverage: [Double]

    /// A description from its parts.
    public init(cpu: String, logicalCores: Int, threads: Int, memoryGiB: Double, loadAverage: [Double]) {
        self.cpu = cpu
        self.logicalCores = logicalCores
        self.threads = threads
        self.memoryGiB = memoryGiB
        self.loadAverage = loadAverage
    }

    /// Reads the current machine.
    public static func current() -> MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let kibibytes = kibibytesField("MemTotal:", inFile: "/proc/meminfo")
        let loadavg = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return MachineDescription(
            cpu: model, logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            threads: Parallelism.threadCount, memoryGiB: (kibibytes / 1_048_576 * 10).rounded() / 10,
            loadAverage: loadavg.split(separator: " ").prefix(3).compactMap { Double($0) })
    }

    /// The peak resident memory of this process so far, MiB (Linux `VmHWM`; 0 if unknown).
    public static func peakResidentMiB() -> Double {
        kibibytesField("VmHWM:", inFile: "/proc/self/status") / 1024
    }

    /// The value of a `NAME: <number> kB` line of a /proc file (0 if missing). The number may
    /// follow a tab with no space ("VmHWM:\t19412345 kB" from 10 GB on), so split on any blank.
    private static func kibibytesField(_ name: String, inFile path: String) -> Double {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(name) }
            .flatMap { $0.split(whereSeparator: \.isWhitespace).dropFirst().first }
            .flatMap { Double($0) } ?? 0
    }

    /// Resets the peak-memory mark to the current resident size (Linux ≥ 4.0; false if refused),
    /// so the next `peakResidentMiB` measures one stage.
    @discardableResult
    public static func resetPeakResident() -> Bool {
        FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
            && (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }
}
