// Fuzzes the scene-file parser: JSON → shape tree → compiled program, then evaluates distances
// and gradients of every scene it accepts and round-trips it through the encoder.
import Foundation
import FuzzSupport
import SDFKit

let probes: [SIMD3<Float>] = [
    .zero, SIMD3(0.3, -0.2, 0.7), SIMD3(1e3, -1e3, 1e3), SIMD3(-1, -1, -1), SIMD3(0, 0, 2),
    SIMD3(.nan, 0, 0), SIMD3(.infinity, 0, 0),
]

func check(_ data: Data) {
    guard let shape = try? SceneFile.decode(data) else { return }
    let box = shape.bounds
    let points = probes + (box.isEmpty ? [] : [box.min, box.max, (box.min + box.max) / 2])
    _ = shape.distances(at: points)
    _ = shape.gradients(at: points)
    guard let encoded = try? SceneFile.encode(shape.node) else { return }
    precondition((try? SceneFile.decode(encoded)) != nil, "an accepted scene does not decode after encoding")
}

func seeds(_ directory: String) throws -> [String: [UInt8]] {
    let documents = [
        #"{"version":1,"root":{"type":"sphere","radius":1}}"#,
        #"{"version":1,"root":{"type":"difference","children":[{"type":"intersection","children":[{"type":"sphere","radius":1},{"type":"box","size":[1.5,1.5,1.5]}]},{"type":"cylinder","radius":0.5,"height":3}]}}"#,
        #"{"version":1,"root":{"type":"union","smooth":0.1,"children":[{"type":"torus","majorRadius":1,"minorRadius":0.25},{"type":"capsule","from":[0,0,0],"to":[1,1,1],"radius":0.2}]}}"#,
        #"{"version":1,"root":{"type":"clip","min":[-2,-2,-2],"max":[2,2,2],"child":{"type":"repeat","period":[1,1,1],"child":{"type":"sphere","radius":0.3}}}}"#,
        #"{"version":1,"root":{"type":"translate","offset":[1,0,0],"child":{"type":"rotate","axis":[0,0,1],"degrees":30,"child":{"type":"scale","factor":2,"child":{"type":"octahedron","size":1}}}}}"#,
        #"{"version":1,"root":{"type":"twist","rate":0.5,"child":{"type":"shell","thickness":0.05,"child":{"type":"roundedBox","size":[1,2,1],"rounding":0.1}}}}"#,
        #"{"version":1,"root":{"type":"extrude","height":1,"profile":{"type":"polygon","points":[[0,0],[1,0],[0,1]]}}}"#,
        #"{"version":1,"root":{"type":"revolve","offset":1,"profile":{"type":"circle","radius":0.3}}}"#,
        #"{"version":1,"root":{"type":"mirror","axes":["x","z"],"child":{"type":"cone","height":1,"bottomRadius":0.5,"topRadius":0.1}}}"#,
        #"{"version":1,"root":{"type":"intersection","children":[{"type":"plane","normal":[0,1,0],"offset":0},{"type":"ellipsoid","radii":[1,2,3]}]}}"#,
    ]
    var result: [String: [UInt8]] = [:]
    for (index, document) in documents.enumerated() { result["scene-\(index).json"] = Array(document.utf8) }
    return result
}

FuzzDriver.main(seeds: seeds) { bytes in
    check(Data(bytes))
}
