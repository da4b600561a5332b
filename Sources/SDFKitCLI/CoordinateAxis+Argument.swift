import ArgumentParser
import SDFKit

/// `x`, `y` or `z` on the command line (`--axis`, `--up`).
extension CoordinateAxis: ExpressibleByArgument {}
