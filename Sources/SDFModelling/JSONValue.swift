/// A minimal JSON document model for writing scene files: keys keep their order, numbers print
/// in their shortest round-trip form (`0.3`, not `0.30000001192092896`).
enum JSONValue {
    case number(Double)
    case float(Float)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed text with two-space indents; short arrays of numbers stay on one line.
    func formatted(indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1), closing = String(repeating: "  ", count: indent)
        switch self {
        case .number(let v):
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        case .float(let v):
            return v == v.rounded() && abs(v) < 1e7 ? String(Int64(v)) : "\(v)"
        case .string(let s):
            return Self.quoted(s)
        case .array(let items):
            if items.allSatisfy({ $0.isScalar }) || items.allSatisfy({ $0.isNumberArray }) {
                return "[" + items.map { $0.formatted(indent: indent + 1) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + $0.formatted(indent: indent + 1) }.joined(separator: ",\n") + "\n" + closing + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let lines = members.map { pad + Self.quoted($0.0) + ": " + $0.1.formatted(indent: indent + 1) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + closing + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .number, .float, .string: return true
        default: return false
        }
    }

    private var isNumberArray: Bool {
        if case .array(let items) = self { return items.allSatisfy(\.isScalar) }
        return false
    }

    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
