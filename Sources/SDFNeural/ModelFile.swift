import Foundation
import SDFGeometry

/// The `.sdfnet` model file, version 1 (all numbers little-endian):
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `SDFNET\r\n` |
/// | 4 | format version (1) |
/// | 4 | header length `H` |
/// | H | JSON header: full training configuration, world-to-unit-box transform, bounds, counts |
/// | … | hash tables at the configured precision (Float16 or Float32) |
/// | … | MLP weights, Float32 |
/// | 4 | CRC-32 of every preceding byte |
///
/// Readers check the magic, the version, the header and the exact file size (before allocating
/// parameter storage), then the checksum.
enum ModelFile {
    static let magic: [UInt8] = Array("SDFNET\r\n".utf8)
    static let version: UInt32 = 1
    static let maximumHeaderBytes = 1 << 20

    struct Header: Codable {
        var configuration: TrainingConfiguration
        var transform: UnitBoxTransform
        var bounds: AABB
        var tableParameters: Int
        var networkParameters: Int
    }

    static func encode(_ model: NeuralSDF) throws -> [UInt8] {
        let tableCount = model.encoding.parameterCount
        let header = Header(configuration: model.configuration, transform: model.transform, bounds: model.bounds,
                            tableParameters: tableCount, networkParameters: model.mlp.parameterCount)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(header))
        var bytes = magic
        bytes.reserveCapacity(16 + json.count + model.parameterBytes + 4)
        append(version, to: &bytes)
        append(UInt32(json.count), to: &bytes)
        bytes += json
        let parameters = model.parameters
        if model.configuration.encoding.precision == .float16 {
            for p in parameters[..<tableCount] { append(Float16(p).bitPattern, to: &bytes) }
        } else {
            for p in parameters[..<tableCount] { append(p.bitPattern, to: &bytes) }
        }
        for p in parameters[tableCount...] { append(p.bitPattern, to: &bytes) }
        let crc = bytes.withUnsafeBytes { CRC32.checksum($0) }
        append(crc, to: &bytes)
        return bytes
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func decode(path: String) throws -> NeuralSDF {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SDFError("cannot open the model file", path: path)
        }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        func read(_ count: Int) throws -> [UInt8] {
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw SDFError("the model file is truncated", path: path) }
            return Array(data)
        }
        guard size >= 20 else { throw SDFError("the model file is truncated (\(size) bytes)", path: path) }
        let start = try read(16)
        guard Array(start[0..<8]) == magic else { throw SDFError("not an sdfkit model file (bad magic)", path: path) }
        let version = readUInt32(start, at: 8)
        guard version == Self.version else {
            throw SDFError("unsupported model file version \(version) (this sdfkit reads version \(Self.version))", path: path)
        }
        let headerLength = Int(readUInt32(start, at: 12))
        guard headerLength <= Swift.min(maximumHeaderBytes, size - 20) else {
            throw SDFError("the model file is truncated or corrupt (header of \(headerLength) bytes)", path: path)
        }
        let headerBytes = try read(headerLength)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(headerBytes))
        } catch {
            throw SDFError("the model file header is corrupt", path: path)
        }
        do { try header.configuration.validate() } catch let error as SDFError {
            throw SDFError("the model file header is invalid: \(error.reason)", path: path)
        }
        let encoding = try HashEncoding(header.configuration.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: header.configuration.network)
        guard header.tableParameters == encoding.parameterCount, header.networkParameters == mlp.parameterCount else {
            throw SDFError("the model file header's parameter counts do not match its configuration", path: path)
        }
        let tableBytes = encoding.parameterCount * header.configuration.encoding.precision.byteCount
        let expected = 16 + headerLength + tableBytes + mlp.parameterCount * 4 + 4
        guard size >= expected else {
            throw SDFError("the model file is truncated (\(size) of \(expected) bytes)", path: path)
        }
        guard size == expected else {
            throw SDFError("the model file is corrupt (\(size - expected) unexpected trailing bytes)", path: path)
        }
        let payload = try read(size - 16 - headerLength)
        var crc = CRC32()
        start.withUnsafeBytes { crc.update($0) }
        headerBytes.withUnsafeBytes { crc.update($0) }
        payload.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[..<(payload.count - 4)])) }
        guard crc.checksum == readUInt32(payload, at: payload.count - 4) else {
            throw SDFError("the model file is corrupt (checksum mismatch)", path: path)
        }
        var parameters = [Float](repeating: 0, count: encoding.parameterCount + mlp.parameterCount)
        var offset = 0
        if header.configuration.encoding.precision == .float16 {
            for i in 0..<encoding.parameterCount {
                parameters[i] = Float(Float16(bitPattern: UInt16(payload[offset]) | UInt16(payload[offset + 1]) << 8))
                offset += 2
            }
        } else {
            for i in 0..<encoding.parameterCount {
                parameters[i] = Float(bitPattern: readUInt32(payload, at: offset))
                offset += 4
            }
        }
        for i in encoding.parameterCount..<parameters.count {
            parameters[i] = Float(bitPattern: readUInt32(payload, at: offset))
            offset += 4
        }
        guard header.transform.scale.isFinite, header.transform.scale > 0 else {
            throw SDFError("the model file header has an invalid transform", path: path)
        }
        return try NeuralSDF(configuration: header.configuration, transform: header.transform,
                             bounds: header.bounds, parameters: parameters)
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
}

extension NeuralSDF {
    /// Loads a `.sdfnet` model; unknown versions, truncation and corruption throw `SDFError`.
    public static func load(_ path: String) throws -> NeuralSDF {
        try ModelFile.decode(path: path)
    }

    /// Writes the model as a `.sdfnet` file, atomically.
    public func save(to path: String) throws {
        try AtomicFile.write(try ModelFile.encode(self), to: path)
    }

    /// The model's file size in bytes.
    public func encodedSize() throws -> Int { try ModelFile.encode(self).count }
}
