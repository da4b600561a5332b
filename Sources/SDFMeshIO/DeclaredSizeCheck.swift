import SDFGeometry

/// Refuses OFF and PLY headers that Assimp 5.2 would trust blindly: counts that cannot fit in
/// the file (it tries to read or allocate them all) and PLY headers that break the grammar
/// (`PLYHeaderCheck`). Other formats pass unchanged.
enum DeclaredSizeCheck {
    /// How much of the start of the file `check` needs to see.
    static let headerBytes = 1 << 16

    /// Checks the file at `path` from its first `headerBytes` bytes, `head`.
    static func check(_ path: String, head: [UInt8], fileSize: Int) throws {
        // Assimp takes the magic in any case ("plY" too), so compare it case-insensitively; it
        // also reads a `.ply` file whose magic is damaged, so those are checked as PLY too.
        let isPLYName = path.lowercased().hasSuffix(".ply")
        if isPLYName || head.prefix(3).map({ $0 | 0x20 }) == Array("ply".utf8) {
            try PLYHeaderCheck.check(head, path: path, fileSize: fileSize)
        } else {
            try checkOFF(head, path: path, fileSize: fileSize)
        }
    }

    /// The non-empty, non-comment lines of `bytes`, split into words.
    static func lines(_ bytes: ArraySlice<UInt8>) -> [[Substring]] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace) }
            .filter { !$0.isEmpty && !$0[0].hasPrefix("#") }
    }

    private static func checkOFF(_ head: [UInt8], path: String, fileSize: Int) throws {
        var header = lines(head[...]).prefix(2)
        let keywords = ["OFF", "COFF", "NOFF", "CNOFF", "STOFF"]
        guard let keyword = header.first?.first, keywords.contains(where: keyword.hasPrefix) else { return }
        // Assimp reads counts straight after the keyword ("OFF3333…" asked it for 16 GB), so the
        // keyword must stand alone and the counts must be numbers that fit.
        var fields = header.removeFirst().dropFirst()
        if fields.isEmpty, let next = header.first { fields = next[...] }
        let counts = fields.prefix(2).compactMap { Int($0) }
        guard keywords.contains(String(keyword)), counts.count == 2 else {
            throw SDFError("OFF header is malformed (the keyword must stand alone, followed by the vertex and face counts)",
                           path: path)
        }
        // An ASCII vertex takes at least 6 bytes ("0 0 0\n"), a triangle at least 8.
        try requireFits([(counts[0], 6), (counts[1], 8)], "OFF header", path: path, fileSize: fileSize)
    }

    /// Throws unless `Σ count × bytes` fits in `fileSize` (without overflowing).
    static func requireFits(_ records: [(Int, Int)], _ what: String, path: String, fileSize: Int) throws {
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
