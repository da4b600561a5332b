// Fuzzes the `.npy` reader: header parsing and validation against the file size, then reading
// every value, whole and in small chunks as the streaming commands do. The first byte picks
// whether the input is the whole file (0) or a header text to wrap in a valid preamble with a
// correct length field (1), so mutations reach the dictionary parser directly.
import FuzzSupport
import SDFKit

let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

func wrapHeader(_ text: UnsafeRawBufferPointer, major: UInt8) -> [UInt8] {
    var bytes = magic + [major, 0]
    let length = text.count
    if major == 1 {
        bytes += [UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8)]
    } else {
        appendLittleEndian(UInt32(truncatingIfNeeded: length), to: &bytes)
    }
    return bytes + Array(text)
}

func read(_ bytes: [UInt8]) {
    let path = FuzzDriver.scratchPath(".npy")
    guard (try? FuzzDriver.writeFile(path, bytes)) != nil else { return }
    guard let reader = try? NPYReader(path: path) else { return }
    let header = reader.header
    precondition(header.dataOffset + 4 * header.valueCount == bytes.count, "accepted header does not match the file size")
    var chunk = [Float](repeating: 0, count: 3 * 7)
    var rows = 0
    while let got = try? chunk.withUnsafeMutableBufferPointer({ try reader.readRows(into: $0) }), got > 0 {
        rows += got
    }
    precondition(header.columns == 0 || rows == header.rowCount, "streaming read stopped early")
    if (try? reader.require(columns: 3)) != nil {
        _ = try? NPYReader.readPoints(path: path)
    }
    _ = try? NPYReader.readValues(path: path)
}

func seeds(_ directory: String) throws -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    let shapes: [[Int]] = [[4, 3], [5], [2, 4], [0, 3], [1, 1]]
    for shape in shapes {
        let count = shape.reduce(1, *)
        let path = FuzzDriver.scratchPath("-seed.npy")
        try NPYWriter.write((0..<count).map { Float($0) - 1.5 }, shape: shape, to: path)
        let bytes = try FuzzDriver.readFile(path)
        let name = shape.map(String.init).joined(separator: "x")
        result["array-\(name)"] = [0] + bytes
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        result["header-\(name)"] = [1, UInt8(count)] + bytes[10..<(10 + length)]
    }
    return result
}

FuzzDriver.main(seeds: seeds) { data in
    var input = ByteReader(data)
    let mode = input.byte()
    let rest = input.remainder()
    switch mode % 4 {
    case 0: read(Array(rest))
    default:
        // Header text, then as many data bytes as the fuzzer's next byte says.
        var header = ByteReader(rest)
        let dataBytes = Int(header.byte()) * 4
        let text = header.remainder()
        read(wrapHeader(text, major: mode % 4 == 3 ? 2 : 1) + [UInt8](repeating: 0x3f, count: dataBytes))
    }
}
