import Foundation

/// One measured figure of the benchmark suite.
public struct BenchmarkRow: Sendable, Codable, Equatable {
    /// What was measured.
    public var name: String
    /// The figure.
    public var value: Double
    /// Its unit (e.g. "queries/s", "s", "MiB").
    public var unit: String
    /// Workload details (sizes, settings) needed to reproduce or read it.
    public var detail: String

    /// A row.
    public init(name: String, value: Double, unit: String, detail: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.detail = detail
    }
}

/// What the suite runs on.
public struct BenchmarkSettings: Sendable, Equatable {
    /// The mesh every stage uses.
    public var meshPath: String
    /// Smaller workloads (about ten times less work): a smoke test, not figures to quote.
    public var quick: Bool
    /// Seed of every sampled workload.
    public var seed: UInt64 = 7

    /// Settings for `meshPath`.
    public init(meshPath: String, quick: Bool) {
        self.meshPath = meshPath
        self.quick = quick
    }

    /// `full` normally, `quick` in quick mode.
    func size(_ full: Int, quick small: Int) -> Int { quick ? small : full }
}

/// The result of a benchmark run.
public struct BenchmarkReport: Sendable, Codable {
    /// The machine.
    public var machine: MachineDescription
    /// The mesh used.
    public var mesh: String
    /// Its triangle count.
    public var triangles: Int
    /// Every figure, in the order measured.
    public var rows: [BenchmarkRow]

    /// A report from its parts.
    public init(machine: MachineDescription, mesh: String, triangles: Int, rows: [BenchmarkRow]) {
        self.machine = machine
        self.mesh = mesh
        self.triangles = triangles
        self.rows = rows
    }
}

/// sdfkit's reproducible benchmark: throughput and quality figures of every pipeline stage on one
/// mesh, measured through the library APIs the CLI uses. Release builds only give real figures.
public enum BenchmarkSuite {
    /// Runs every stage on `settings.meshPath`; `progress` receives the name of each stage.
    public static func run(_ settings: BenchmarkSettings, progress: (String) -> Void) throws -> BenchmarkReport {
        let machine = MachineDescription.current()
        let mesh = try TriangleMesh(contentsOf: settings.meshPath)
        guard !mesh.isEmpty else { throw SDFError("the mesh has no triangles", path: settings.meshPath) }
        var context = BenchmarkContext(settings: settings, mesh: mesh)
        let stages: [(String, (inout BenchmarkContext) throws -> [BenchmarkRow])] = [
            ("distance", distanceRows),
            ("training", trainingRows),
            ("fit quality", fitQualityRows),
            ("extraction", extractionRows),
            ("analytic extraction", analyticExtractionRows),
            ("modelling", modellingRows),
            ("render", renderRows),
            ("eval", evaluationRows),
        ]
        var rows: [BenchmarkRow] = []
        for (name, stage) in stages {
            progress(name)
            rows += try stage(&context)
        }
        return BenchmarkReport(machine: machine, mesh: settings.meshPath, triangles: mesh.triangleCount, rows: rows)
    }

    /// The report as markdown: the machine, the command, and a table of figures.
    public static func markdown(_ report: BenchmarkReport, command: String) -> String {
        let m = report.machine
        let load = m.loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " ")
        var lines = [
            "- Machine: \(m.cpu), \(m.logicalCores) logical cores (\(m.threads) threads used), \(String(format: "%.1f", m.memoryGiB)) GiB; load average at start \(load)",
            "- Mesh: \(report.mesh) (\(report.triangles) triangles)",
            "- Command: `\(command)`",
            "",
            "| benchmark | value | unit | workload |",
            "|---|---:|---|---|",
        ]
        for row in report.rows {
            lines.append("| \(row.name) | \(formatFigure(row.value)) | \(row.unit) | \(row.detail) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Whole numbers with comma-grouped thousands from 1000 up, three significant digits below.
    static func formatFigure(_ value: Double) -> String {
        guard value.isFinite, abs(value) >= 1000 else { return String(format: "%.3g", value) }
        var digits = String(Int(abs(value).rounded()))
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// Best wall-clock seconds of `repetitions` runs of `body` (after one warm-up run).
    static func bestSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = monotonicSeconds()
            try body()
            best = Swift.min(best, monotonicSeconds() - start)
        }
        return best
    }
}

/// State shared by the stages of one run (the mesh field is built once).
struct BenchmarkContext {
    let settings: BenchmarkSettings
    let mesh: TriangleMesh
    private var cachedField: MeshDistanceField?

    init(settings: BenchmarkSettings, mesh: TriangleMesh) {
        self.settings = settings
        self.mesh = mesh
    }

    /// The exact distance field of the mesh (built on first use).
    mutating func meshField() throws -> MeshDistanceField {
        if let cachedField { return cachedField }
        let field = try MeshDistanceField(mesh: mesh)
        cachedField = field
        return field
    }
}
