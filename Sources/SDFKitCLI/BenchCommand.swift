import ArgumentParser
import Foundation
import SDFKit

/// `sdfkit bench`: the reproducible benchmark table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure every pipeline stage on one mesh and print a markdown table.",
        discussion: """
            Run from a release build (`make bench`): debug builds are hundreds of times slower. \
            Other jobs on the machine skew the figures; the table records the load average. \
            Benchmarks/fetch-meshes.sh fetches the Stanford bunny and the armadillo for --mesh.
            """)

    @Option(help: "The mesh to measure on.")
    var mesh = "Meshes/knot.obj"

    @Flag(help: "About ten times less work: a smoke test, not figures to quote.")
    var quick = false

    @Flag(help: "Print one JSON object (machine, mesh, rows) instead of the table.")
    var json = false

    func run() throws {
        let command = (["sdfkit"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let progress = ProgressLine()
        let report = try BenchmarkSuite.run(BenchmarkSettings(meshPath: mesh, quick: quick)) {
            progress.update("benchmark: \($0)…")
        }
        progress.finish()
        if json {
            try JSONOutput.print(report)
        } else {
            print(BenchmarkSuite.markdown(report, command: command))
        }
    }
}
