// Fuzzes mesh import: Assimp's readers and sdfkit's conversion of the imported scene into a
// `TriangleMesh` (node transforms, polygon fans, index checks, welding, degenerate removal),
// then builds the exact distance field of whatever was accepted and queries it.
//
// The first byte picks the mode. Raw modes hand the remaining bytes to Assimp as an .obj, .off,
// .ply or .stl file. The structured mode decodes the bytes into an OBJ with hostile content:
// NaN/infinite/huge coordinates, out-of-range, zero and negative (relative) indices, points,
// lines, long polygons, empty groups.
import FuzzSupport
import SDFKit

let rawFormats = ["obj", "off", "ply", "stl"]

func hostileOBJ(_ input: inout ByteReader) -> [UInt8] {
    var text = ""
    var vertices = 0
    while !input.isAtEnd {
        switch input.byte() % 8 {
        case 0, 1, 2:
            text += "v \(input.hostileFloat()) \(input.hostileFloat()) \(input.hostileFloat())\n"
            vertices += 1
        case 3, 4, 5:
            let corners = Int(input.byte() % 7) + 1
            let indices = (0..<corners).map { _ -> String in
                let raw = Int(Int8(bitPattern: input.byte()))
                return input.byte() % 16 == 0 ? String(raw * 1_000_003) : String(raw)
            }
            text += "f " + indices.joined(separator: " ") + "\n"
        case 6:
            text += "l \(Int(input.byte()) - vertices) \(Int(input.byte()))\n"
        default:
            text += "o part\(input.byte())\n"
        }
    }
    return Array(text.utf8)
}

func importAndQuery(_ bytes: some Collection<UInt8>, format: String) {
    let path = FuzzDriver.scratchPath("." + format)
    guard (try? FuzzDriver.writeFile(path, bytes)) != nil else { return }
    guard let imported = try? MeshImporter.load(path) else { return }
    let mesh = imported.mesh
    precondition(mesh.triangleCount > 0 && mesh.indices.allSatisfy { Int($0) < mesh.vertexCount },
                 "importer accepted a mesh with no triangles or out-of-range indices")
    precondition(mesh.positions.allSatisfy { $0.isFinite }, "importer accepted non-finite coordinates")
    guard let field = try? MeshDistanceField(mesh: mesh) else { return }
    let box = mesh.bounds
    let queries = [box.min, box.max, (box.min + box.max) / 2, box.max + (box.max - box.min)]
    _ = field.distances(at: queries)
}

func seeds(_ directory: String) throws -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    let cube = TriangleMesh(
        positions: (0..<8).map { c in SIMD3<Float>(c & 1 == 0 ? 0 : 1, c & 2 == 0 ? 0 : 1, c & 4 == 0 ? 0 : 1) },
        indices: [0, 2, 3, 0, 3, 1, 4, 5, 7, 4, 7, 6, 0, 1, 5, 0, 5, 4, 2, 6, 7, 2, 7, 3, 0, 4, 6, 0, 6, 2,
                  1, 3, 7, 1, 7, 5])
    for (index, format) in rawFormats.enumerated() where format != "off" {
        let path = FuzzDriver.scratchPath("-seed." + format)
        try MeshExporter.write(cube, to: path)
        let bytes = try FuzzDriver.readFile(path)
        result["cube-\(format)"] = [UInt8(index)] + bytes
    }
    let off = "OFF\n8 6 0\n" + cube.positions.map { "\($0.x) \($0.y) \($0.z)\n" }.joined()
        + "4 0 2 3 1\n4 4 5 7 6\n4 0 1 5 4\n4 2 6 7 3\n4 0 4 6 2\n4 1 3 7 5\n"
    result["cube-off"] = [1] + Array(off.utf8)
    // Structured mode: four vertices, a triangle, a quad, a line.
    result["structured"] = [4, 0, 8, 8, 8, 0, 24, 8, 8, 0, 8, 24, 8, 0, 8, 8, 24, 3, 2, 1, 1, 2, 1, 3, 1,
                            4, 3, 1, 1, 2, 1, 3, 1, 4, 1, 6, 1, 2]
    return result
}

FuzzDriver.main(seeds: seeds) { data in
    var input = ByteReader(data)
    let mode = Int(input.byte() % 5)
    if mode < rawFormats.count {
        importAndQuery(input.remainder(), format: rawFormats[mode])
    } else {
        importAndQuery(hostileOBJ(&input), format: "obj")
    }
}
