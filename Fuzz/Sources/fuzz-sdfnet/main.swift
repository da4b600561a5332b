// Fuzzes the `.sdfnet` model reader, then evaluates every model it accepts and extracts its
// surface at a low resolution by surface tracking, which must give a closed, edge-manifold mesh
// whatever the network's values (NaN, huge, inside everywhere…).
//
// A checksum guards the file, so blind mutations rarely get past it. The first byte picks how
// far the input is trusted: 0 reads it unchanged; 1 repairs the trailing CRC-32 first; 2 takes
// the input as the JSON header only and builds the rest of the file around it (magic, version,
// header length, a payload as long as the header's own parameter counts claim, capped, and a
// valid checksum), so the fuzzer explores configurations the reader must refuse or survive.
import Foundation
import FuzzSupport
import SDFKit

let magic = Array("SDFNET\r\n".utf8)
let payloadCap = 1 << 24

func withRepairedChecksum(_ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count >= 4 else { return bytes }
    var repaired = Array(bytes.dropLast(4))
    appendLittleEndian(repaired.withUnsafeBytes { CRC32.checksum($0) }, to: &repaired)
    return repaired
}

func fileAroundHeader(_ header: [UInt8]) -> [UInt8] {
    var bytes = magic
    appendLittleEndian(1, to: &bytes)
    appendLittleEndian(UInt32(header.count), to: &bytes)
    bytes += header
    let object = (try? JSONSerialization.jsonObject(with: Data(header))) as? [String: Any]
    let tables = object?["tableParameters"] as? Int ?? 0
    let network = object?["networkParameters"] as? Int ?? 0
    let configuration = object?["configuration"] as? [String: Any]
    let encoding = configuration?["encoding"] as? [String: Any]
    let tableBytes = encoding?["precision"] as? String == "float32" ? 4 : 2
    let (t, o1) = tables.multipliedReportingOverflow(by: tableBytes)
    let (n, o2) = network.multipliedReportingOverflow(by: 4)
    let (payload, o3) = t.addingReportingOverflow(n)
    if !o1, !o2, !o3, payload >= 0, payload <= payloadCap {
        bytes += (0..<payload).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    }
    appendLittleEndian(bytes.withUnsafeBytes { CRC32.checksum($0) }, to: &bytes)
    return bytes
}

func loadAndEvaluate(_ bytes: [UInt8]) {
    let path = FuzzDriver.scratchPath(".sdfnet")
    guard (try? FuzzDriver.writeFile(path, bytes)) != nil else { return }
    guard let model = try? NeuralSDF.load(path) else { return }
    let box = model.bounds
    let points = [box.min, box.max, (box.min + box.max) / 2, SIMD3(.nan, 0, 0), SIMD3(1e30, -1e30, 0)]
    _ = model.distances(at: points)
    _ = model.gradients(at: points)
    guard let extraction = try? MarchingTetrahedra(resolution: 12).extract(model), !extraction.mesh.isEmpty else {
        return
    }
    let use = extraction.mesh.edgeUse()
    precondition(use.isClosed && use.nonManifoldEdges == 0, "traced mesh not closed and manifold: \(use)")
}

func seeds(_ directory: String) throws -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    for precision in TablePrecision.allCases {
        var configuration = TrainingConfiguration()
        configuration.encoding.levels = 4
        configuration.encoding.log2TableSize = 8
        configuration.encoding.precision = precision
        configuration.network.width = 16
        configuration.network.hiddenLayers = 1
        configuration.batchSize = 256
        let encoding = try HashEncoding(configuration.encoding)
        let mlp = MLP(inputs: encoding.featureCount, network: configuration.network)
        let count = encoding.parameterCount + mlp.parameterCount
        let parameters = (0..<count).map { Float(($0 &* 7919) % 201 - 100) / 1000 }
        let model = try NeuralSDF(configuration: configuration, transform: UnitBoxTransform(center: .zero, scale: 1),
                                  bounds: AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1)),
                                  parameters: parameters)
        let path = FuzzDriver.scratchPath("-seed.sdfnet")
        try model.save(to: path)
        let bytes = try FuzzDriver.readFile(path)
        result["model-\(precision.rawValue)-raw"] = [0] + bytes
        result["model-\(precision.rawValue)-crc"] = [1] + bytes
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        result["model-\(precision.rawValue)-header"] = [2] + bytes[16..<(16 + headerLength)]
    }
    return result
}

FuzzDriver.main(seeds: seeds) { data in
    var input = ByteReader(data)
    let mode = input.byte() % 3
    let rest = Array(input.remainder())
    switch mode {
    case 0: loadAndEvaluate(rest)
    case 1: loadAndEvaluate(withRepairedChecksum(rest))
    default: loadAndEvaluate(fileAroundHeader(rest))
    }
}
