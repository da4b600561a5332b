import SDFGeometry

/// Refuses OFF and PLY headers that Assimp 5.2 would trust blindly: counts that cannot fit in
/// the file (it tries to read or allocate them all) and PLY headers without `end_header` (its
/// reader loops forever). Other formats pass unchanged.
enum DeclaredSizeCheck {
    static func check(_ path: String, fileSize: Int) throws {
        let head = try InputFileCheck.readPrefix(path, count: 1 << 16)
        // Assimp takes the magic in any case ("plY" too), so compare it case-insensitively; it
        // also reads a `.ply` file whose magic is damaged, so those are checked as PLY too.
        let isPLYName = path.lowercased().hasSuffix(".ply")
        if isPLYName || head.prefix(3).map({ $0 | 0x20 }) == Array("ply".utf8) {
            try checkPLY(head, path: path, fileSize: fileSize)
        } else {
            try checkOFF(head, path: path, fileSize: fileSize)
        }
    }

    private static func lines(_ bytes: ArraySlice<UInt8>) -> [[Substring]] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace) }
            .filter { !$0.isEmpty && !$0[0].hasPrefix("#") }
    }

    private static func checkOFF(_ head: [UInt8], path: String, fileSize: Int) throws {
        var header = lines(head[...]).prefix(2)
        guard let keyword = header.first?.first,
              ["OFF", "COFF", "NOFF", "CNOFF", "STOFF"].contains(keyword)
        else { return }
        var fields = header.removeFirst().dropFirst()
        if fields.isEmpty, let next = header.first { fields = next[...] }
        let counts = fields.prefix(2).compactMap { Int($0) }
        guard counts.count == 2 else { return }
        // An ASCII vertex takes at least 6 bytes ("0 0 0\n"), a triangle at least 8.
        try requireFits([(counts[0], 6), (counts[1], 8)], "OFF header", path: path, fileSize: fileSize)
    }

    private static func checkPLY(_ head: [UInt8], path: String, fileSize: Int) throws {
        let magic = head.prefix(4).map { $0 | 0x20 }
        guard magic.starts(with: Array("ply".utf8)), head.count > 3, head[3] == 0x0A || head[3] == 0x0D else {
            throw SDFError("not a PLY file (it does not start with the line 'ply')", path: path)
        }
        let marker = Array("end_header".utf8)
        guard let end = head.indices.first(where: { head[$0...].starts(with: marker) }) else {
            throw SDFError("PLY header has no end_header (truncated or malformed file)", path: path)
        }
        // Assimp's binary reader crashes when the data starts on the `end_header` line itself.
        guard endsLine(head[(end + marker.count)...]) else {
            throw SDFError("PLY end_header is not followed by a line break (damaged file)", path: path)
        }
        // Assimp's header parser misreads control and non-ASCII bytes (a damaged header has
        // crashed it), so the header must be printable ASCII text.
        guard head[..<end].allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            throw SDFError("PLY header holds bytes that are not printable text (damaged file)", path: path)
        }
        let header = lines(head[..<end])
        let binary = header.contains { $0.first == "format" && $0.count > 1 && $0[1].hasPrefix("binary") }
        var elements: [(count: Int, bytes: Int)] = []
        for line in header {
            if line[0] == "element", line.count >= 3 {
                guard let count = Int(line[2]), count >= 0 else {
                    throw SDFError("PLY element \(line[1]) has an invalid count \(line[2])", path: path)
                }
                elements.append((count, 0))
            } else if line[0] == "property", !elements.isEmpty, line.count >= 2 {
                // Smallest record: a list with no entries (its count field), a scalar's size in
                // binary, two characters ("0 ") per value in ASCII.
                let type = line[1] == "list" && line.count >= 3 ? line[2] : line[1]
                elements[elements.count - 1].bytes += binary ? scalarSize(type) : 2
            }
        }
        try requireFits(elements.map { ($0.count, max(1, $0.bytes)) }, "PLY header", path: path,
                        fileSize: fileSize - end)
    }

    /// Whether `rest` starts with optional blanks and then a line break.
    private static func endsLine(_ rest: ArraySlice<UInt8>) -> Bool {
        let next = rest.first { $0 != 0x20 && $0 != 0x09 }
        return next == 0x0A || next == 0x0D
    }

    private static func scalarSize(_ type: Substring) -> Int {
        switch type {
        case "char", "uchar", "int8", "uint8": 1
        case "short", "ushort", "int16", "uint16": 2
        case "double", "float64": 8
        default: 4
        }
    }

    /// Throws unless `Σ count × bytes` fits in `fileSize` (without overflowing).
    private static func requireFits(_ records: [(Int, Int)], _ what: String, path: String, fileSize: Int) throws {
        var total = 0
        for (count, bytes) in records {
            let (size, overflow) = count.multipliedReportingOverflow(by: bytes)
            let (sum, overflowSum) = total.addingReportingOverflow(size)
            guard count >= 0, !overflow, !overflowSum else { total = .max; break }
            total = sum
        }
        guard total <= fileSize else {
            let counts = records.map { String($0.0) }.joined(separator: ", ")
            throw SDFError("\(what) declares \(counts) records, more than the file's \(fileSize) bytes can hold",
                           path: path)
        }
    }
}
