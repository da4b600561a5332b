import ArgumentParser
import SDFKit

/// The root `sdfkit` command. Every subcommand is a thin layer over the SDFKit library.
public struct SDFKitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sdfkit",
        abstract: "Signed distance fields: exact mesh distance, neural SDFs on a simplex lattice, modelling and extraction.",
        version: "0.1.0",
        subcommands: [
            InfoCommand.self,
            ConvertCommand.self,
            RenderCommand.self,
            SliceCommand.self,
            EvalCommand.self,
            BenchCommand.self,
            QueryCommand.self,
            SampleCommand.self,
            FitCommand.self,
            DistanceBenchCommand.self,
            ExtractCommand.self,
        ])

    public init() {}
}
