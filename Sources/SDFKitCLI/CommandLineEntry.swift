import ArgumentParser
import SDFKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs the CLI with the conventions every subcommand shares: help and version exit 0; any bad
/// input or failure prints one line `error: …` on stderr and exits 1.
public enum CommandLineEntry {
    public static func main(_ arguments: [String]? = nil) -> Never {
        InterruptCleanup.install()
        do {
            var command = try SDFKitCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            let code = SDFKitCommand.exitCode(for: error)
            if code == .success {
                SDFKitCommand.exit(withError: error)  // --help, --version
            }
            writeStandardError("error: \(oneLineMessage(for: error))\n")
            exit(1)
        }
    }

    /// The first non-empty line of the error's message, without a leading "Error: ".
    static func oneLineMessage(for error: Error) -> String {
        let text: String
        if let sdf = error as? SDFError {
            text = sdf.description
        } else {
            text = SDFKitCommand.message(for: error)
        }
        let line = text.split(separator: "\n").first.map(String.init) ?? "failed"
        return line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
    }
}
