import Foundation
import SDFKit
import Testing

@Suite struct BenchmarkReportTests {
    @Test func machineDescriptionReadsThisMachine() {
        let machine = MachineDescription.current()
        #expect(machine.logicalCores == ProcessInfo.processInfo.activeProcessorCount)
        #expect(machine.threads >= 1)
        let bytes = Double(ProcessInfo.processInfo.physicalMemory)
        #expect(abs(machine.memoryGiB - bytes / 1_073_741_824) < 0.2)
        #expect(machine.loadAverage.count == 3)
        #expect(!machine.cpu.isEmpty && machine.cpu != "unknown")
        #expect(MachineDescription.peakResidentMiB() > 1)
    }

    @Test func markdownHasTheMachineTheCommandAndOneLinePerRow() {
        let machine = MachineDescription(cpu: "Test CPU", logicalCores: 2, threads: 2, memoryGiB: 24, loadAverage: [1, 0.5, 0.25])
        let rows = [BenchmarkRow(name: "queries", value: 1_234_567.8, unit: "queries/s", detail: "1M points"),
                    BenchmarkRow(name: "extraction", value: 0.01234, unit: "s", detail: "res 64")]
        let report = BenchmarkReport(machine: machine, mesh: "m.obj", triangles: 12, rows: rows)
        let text = BenchmarkSuite.markdown(report, command: "sdfkit bench --quick")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("Test CPU, 2 logical cores") && lines[0].contains("1.00 0.50 0.25"))
        #expect(lines.contains("- Command: `sdfkit bench --quick`"))
        #expect(lines.contains("| queries | 1,234,568 | queries/s | 1M points |"))
        #expect(lines.contains("| extraction | 0.0123 | s | res 64 |"))
    }
}
