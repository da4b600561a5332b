import SDFGeometry

/// Validates a PLY header before Assimp reads the file. Assimp 5.2's PLY reader trusts its
/// header: fuzzing crashed or hung it on a damaged magic, non-text bytes, a missing
/// `end_header` (or one inside a line), data on the `end_header` line, damaged keyword lines and
/// headers without elements. So only headers whose
/// format, element and property lines follow the PLY grammar pass (other lines are free text,
/// which Assimp skips), and their element counts must fit in the file.
enum PLYHeaderCheck {
    static func check(_ head: [UInt8], path: String, fileSize: Int) throws {
        let magic = head.prefix(4).map { $0 | 0x20 }
        guard magic.starts(with: Array("ply".utf8)), head.count > 3, head[3] == 0x0A || head[3] == 0x0D else {
            throw SDFError("not a PLY file (it does not start with the line 'ply')", path: path)
        }
        let marker = Array("end_header".utf8)
        let startsLine = { (index: Int) in index > 0 && (head[index - 1] == 0x0A || head[index - 1] == 0x0D) }
        guard let end = head.indices.first(where: { startsLine($0) && head[$0...].starts(with: marker) }) else {
            throw SDFError("PLY header has no end_header (truncated or malformed file)", path: path)
        }
        guard endsLine(head[(end + marker.count)...]) else {
            throw SDFError("PLY end_header is not followed by a line break (damaged file)", path: path)
        }
        guard head[..<end].allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            throw SDFError("PLY header holds bytes that are not printable text (damaged file)", path: path)
        }
        let elements = try recordSizes(DeclaredSizeCheck.lines(head[..<end]).dropFirst(), path: path)
        try DeclaredSizeCheck.requireFits(elements.map { ($0.count, max(1, $0.bytes)) }, "PLY header",
                                          path: path, fileSize: fileSize - end)
    }

    /// Parses the header lines after the magic into each element's count and smallest record
    /// size in bytes: a list with no entries (its count field), a scalar's size in binary, two
    /// characters ("0 ") per value in ASCII.
    private static func recordSizes(_ header: ArraySlice<[Substring]>, path: String) throws -> [(count: Int, bytes: Int)] {
        func malformed(_ line: [Substring]) -> SDFError {
            SDFError("PLY header line '\(line.joined(separator: " ").prefix(60))' is malformed", path: path)
        }
        var format: Substring?
        var elements: [(count: Int, bytes: Int)] = []
        for line in header {
            switch line[0] {
            case "comment", "obj_info":
                continue
            case "format":
                guard format == nil, line.count == 3,
                      ["ascii", "binary_little_endian", "binary_big_endian"].contains(line[1])
                else { throw malformed(line) }
                format = line[1]
            case "element":
                guard line.count == 3 else { throw malformed(line) }
                guard let count = Int(line[2]), count >= 0 else {
                    throw SDFError("PLY element \(line[1]) has an invalid count \(line[2])", path: path)
                }
                elements.append((count, 0))
            case "property":
                let binary = format != "ascii"
                if line.count == 5, line[1] == "list", let countSize = integerSize(line[2]), scalarSize(line[3]) != nil,
                   !elements.isEmpty {
                    elements[elements.count - 1].bytes += binary ? countSize : 2
                } else if line.count == 3, let size = scalarSize(line[1]), !elements.isEmpty {
                    elements[elements.count - 1].bytes += binary ? size : 2
                } else {
                    throw malformed(line)
                }
            case let word where ["element", "property", "format"].contains(where: word.hasPrefix):
                throw malformed(line)
            default:
                continue  // free text, as old Blender exporters write; Assimp skips it too
            }
        }
        guard format != nil else { throw SDFError("PLY header has no format line", path: path) }
        guard header.contains(where: { $0[0] == "element" && $0[1] == "vertex" }) else {
            throw SDFError("PLY header declares no vertex element", path: path)
        }
        return elements
    }

    /// Whether `rest` starts with optional blanks and then a line break.
    private static func endsLine(_ rest: ArraySlice<UInt8>) -> Bool {
        let next = rest.first { $0 != 0x20 && $0 != 0x09 }
        return next == 0x0A || next == 0x0D
    }

    private static func integerSize(_ type: Substring) -> Int? {
        switch type {
        case "float", "double", "float32", "float64": nil
        default: scalarSize(type)
        }
    }

    private static func scalarSize(_ type: Substring) -> Int? {
        switch type {
        case "char", "uchar", "int8", "uint8": 1
        case "short", "ushort", "int16", "uint16": 2
        case "int", "uint", "float", "int32", "uint32", "float32": 4
        case "double", "float64": 8
        default: nil
        }
    }
}
