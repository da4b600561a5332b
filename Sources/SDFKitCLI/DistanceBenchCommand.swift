import ArgumentParser
import SDFKit

/// `sdfkit bench-distance MESH…`: exact signed distance throughput and accuracy per mesh.
struct DistanceBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-distance",
        abstract: "Measure mesh signed-distance queries/s (uniform and near-surface points) and check them.",
        discussion: """
            For each mesh: the field build time, queries per second on both kinds of point, how \
            many of the first --checks points have the sign of the exact winding number, and the \
            largest distance error against brute force. Use a release build; other jobs on the \
            machine skew the figures (the load average is printed).
            """)

    @Argument(help: "Mesh files in any format Assimp reads.")
    var meshes: [String]

    @Option(help: "Query points of each kind.")
    var points = 1_000_000

    @Option(help: "Points of each kind checked against the exact winding number and brute force.")
    var checks = 2_000

    @Option(help: "Sign rule: auto, winding or pseudonormal.")
    var sign: SignMode = .auto

    @Option(help: "Kinds of point to measure, comma-separated: uniform, near-surface.")
    var kinds = DistanceBenchmark.kinds.joined(separator: ",")

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    struct Report: Encodable {
        var machine: MachineDescription
        var meshes: [String: [DistanceBenchmark.Row]]
    }

    func run() throws {
        guard points > 0, checks >= 0 else { throw SDFError("--points must be positive and --checks non-negative") }
        var results: [(String, [DistanceBenchmark.Row])] = []
        for path in meshes {
            let mesh = try FieldLoader.loadMesh(path)
            let kinds = kinds.split(separator: ",").map { String($0) }
            results.append((path, try DistanceBenchmark.run(mesh: mesh, sign: sign, points: points,
                                                              checks: Swift.min(checks, points), kinds: kinds)))
        }
        let machine = MachineDescription.current()
        if json {
            try JSONOutput.print(Report(machine: machine, meshes: Dictionary(uniqueKeysWithValues: results)))
            return
        }
        print("`sdfkit bench-distance \(CommandLine.arguments.dropFirst(2).joined(separator: " "))` — "
            + "\(machine.cpu), \(machine.threads) threads, load average \(machine.loadAverage.map { "\($0)" }.joined(separator: " "))\n")
        print("| mesh | triangles | sign | points | build s | queries/s | queries/s incl. build | queries per CPU-second | signs = exact winding | max distance error / diagonal |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for (path, rows) in results {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            for r in rows {
                print("| \(name) | \(r.triangles) | \(r.sign) | \(r.points) \(r.kind) | \(formatSeconds(r.buildSeconds)) | "
                    + "\(formatRate(r.queriesPerSecond)) | \(formatRate(r.queriesPerSecondWithBuild)) | "
                    + "\(formatRate(r.queriesPerCPUSecond)) | "
                    + "\(r.signAgreed)/\(r.signChecked) | \(r.maximumRelativeDistanceError) |")
            }
        }
    }
}
