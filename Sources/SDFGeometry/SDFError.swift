/// The error every sdfkit API throws for bad input or failed I/O. Its `description` is one line
/// that names the file (when there is one) and the reason; the CLI prints it as `error: …`.
public struct SDFError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned, if any.
    public var path: String?
    /// What went wrong, without the path.
    public var reason: String

    public init(_ reason: String, path: String? = nil) {
        self.reason = reason
        self.path = path
    }

    public var description: String {
        guard let path else { return reason }
        return "\(path): \(reason)"
    }
}
