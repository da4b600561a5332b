import Foundation
import SDFKit
import SDFTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGKILL while `extract` computes or writes its mesh never leave a corrupt file at
/// the requested path: a previous file stays byte-identical and a path that held nothing holds
/// nothing (unless the signal came after the rename, when the complete new mesh is there). After
/// SIGINT no temporary file remains; after SIGKILL only `AtomicFile`'s hidden `.NAME.tmp-XXXXXX`
/// may. The moments are found by watching the child (its CPU time, the appearance of the
/// temporary file), not by sleeping, so they hold on a loaded machine.
@Suite struct ExtractInterruptionTests {
    static let previous = Data("previous contents\n".utf8)
    static let threads = ["SDFKIT_THREADS": "2"]

    /// A field large enough that extracting and writing take a good fraction of a second.
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case scene, mesh
        var testDescription: String { rawValue }

        /// The `extract` arguments (input prepared in `directory`) and the output path.
        func command(in directory: TemporaryDirectory) throws -> (arguments: [String], output: String) {
            switch self {
            case .scene:
                let scene = directory.file("torus.json")
                try SceneFile.write(Torus(majorRadius: 1, minorRadius: 0.4).node, to: scene)
                // About 3.9 M triangles, 70 MB: at res 256 (0.25 s in all since session 5) the
                // signal sent after 0.2 s of CPU time could arrive after the command finished.
                let output = directory.file("torus.ply")
                return (["extract", scene, "--res", "384", "-o", output], output)
            case .mesh:
                let output = directory.file("duck.obj")  // about 0.5 M triangles, 20 MB
                return (["extract", "/usr/share/assimp/models/Collada/duck.dae", "--res", "128", "-o", output], output)
            }
        }
    }

    /// When the signal is sent.
    enum Moment: CustomStringConvertible {
        /// Once the child has used this much CPU time: the field is loaded and being meshed.
        case computing(cpuSeconds: Double)
        /// As soon as the temporary output file exists: the mesh is being written.
        case writing

        var description: String {
            switch self {
            case .computing(let seconds): "after \(seconds) s of CPU time"
            case .writing: "while writing"
            }
        }
    }

    @Test(arguments: [SIGINT, SIGKILL], Source.allCases)
    func extractIsAllOrNothing(signal: Int32, source: Source) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (arguments, output) = try source.command(in: dir)
        let name = (output as NSString).lastPathComponent
        let inputs = Set(FaultInjection.listing(dir.path))
        var reference: Data?
        /// The undisturbed run's mesh, made only when an interrupted run finished anyway.
        func completeOutput() throws -> Data {
            if let reference { return reference }
            let referenceDirectory = dir.file("reference")
            try FileManager.default.createDirectory(atPath: referenceDirectory, withIntermediateDirectories: false)
            let path = referenceDirectory + "/" + name
            let arguments = arguments.map { $0 == output ? path : $0 }
            let result = try CommandRunner.run(arguments, addingEnvironment: Self.threads)
            try #require(result.status == 0, "\(result.stderr)")
            reference = try Data(contentsOf: URL(fileURLWithPath: path))
            try FileManager.default.removeItem(atPath: referenceDirectory)
            return reference!
        }

        let runs: [(Moment, Data?)] = [(.computing(cpuSeconds: 0.2), Self.previous), (.writing, Self.previous), (.writing, nil)]
        var landedWhileWriting = 0
        for (moment, before) in runs {
            if let before {
                try before.write(to: URL(fileURLWithPath: output))
            } else {
                try? FileManager.default.removeItem(atPath: output)
            }
            let process = try FaultInjection.start(arguments, environment: Self.threads)
            var reached = false
            _ = FaultInjection.wait(upTo: 120) {
                switch moment {
                case .computing(let seconds):
                    reached = Self.cpuSeconds(of: process.processIdentifier) >= seconds
                case .writing:
                    reached = !FaultInjection.temporaryFiles(for: name, in: dir.path).isEmpty
                }
                return reached || !process.isRunning
            }
            if process.isRunning { kill(process.processIdentifier, signal) }
            process.waitUntilExit()

            let context = "signal \(signal) \(moment) (reached: \(reached)), previous file: \(before != nil)"
            let signalled = signal == SIGKILL
                ? process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
                : process.terminationReason == .exit && process.terminationStatus == 128 + SIGINT
            if case .computing = moment {
                // Meshing takes several times this much CPU: the signal must have landed.
                #expect(signalled, "\(context): status \(process.terminationStatus) (\(process.terminationReason))")
            } else {
                // The temporary file must have appeared, or this run tested nothing.
                #expect(reached, "\(context): the temporary file never appeared")
                if signalled {
                    landedWhileWriting += 1
                } else {
                    #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(context)")
                }
            }
            let now = FileManager.default.contents(atPath: output)
            if now != before {
                #expect(now == (try completeOutput()), "\(context): \(now?.count ?? -1) bytes at \(output)")
            }
            let leftovers = Set(FaultInjection.listing(dir.path)).subtracting(inputs).subtracting([name])
            let temporaries = Set(FaultInjection.temporaryFiles(for: name, in: dir.path))
            if signal == SIGKILL && signalled {
                #expect(leftovers == temporaries, "\(context): unexpected files \(leftovers.subtracting(temporaries))")
            } else {
                #expect(leftovers.isEmpty, "\(context): files left behind \(leftovers)")
            }
            for file in leftovers { try? FileManager.default.removeItem(atPath: dir.file(file)) }
        }
        // Writing takes a good fraction of a second: at least one signal must land in it.
        #expect(landedWhileWriting > 0, "signal \(signal) never landed while \(source) was being written")
    }

    /// User plus system CPU time of a running process, from `/proc/PID/stat` (0 if unreadable).
    static func cpuSeconds(of pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        // After "pid (comm)": state is field 0; utime and stime (clock ticks) are fields 11 and 12.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
