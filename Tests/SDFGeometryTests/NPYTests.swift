import Foundation
import Testing
import SDFGeometry
import SDFTestSupport

@Suite struct NPYTests {
    /// Files written by `numpy.lib.format.write_array` (numpy 2.4) for
    /// a = float32 [[1.5, -2.25, 3], [0.1, 1e-30, -7e20]] in versions 1.0 and 2.0, a vector
    /// [0.5, −1, FLT_MAX, nan] in version 3.0, and arange(8).reshape(2, 4) in version 1.0.
    static let numpyV1 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAQwAAAQEDNzMw9YEKiDc7JF+I="
    static let numpyV2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAQwAAAQEDNzMw9YEKiDc7JF+I="
    static let numpyV3 = "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNCwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACAv///f38AAMB/"
    static let numpyRows4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDQpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAQAAAoEAAAMBAAADgQA=="
    static let points: [SIMD3<Float>] = [SIMD3(1.5, -2.25, 3), SIMD3(0.1, 1e-30, -7e20)]

    func write(_ base64: String, to path: String) throws {
        try Data(base64Encoded: base64)!.write(to: URL(fileURLWithPath: path))
    }

    @Test func readsFilesWrittenByNumpyExactly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for fixture in [Self.numpyV1, Self.numpyV2] {
            try write(fixture, to: dir.file("a.npy"))
            let points = try NPYReader.readPoints(path: dir.file("a.npy"))
            #expect(points.map { $0.x.bitPattern } == Self.points.map { $0.x.bitPattern })
            #expect(points == Self.points)
        }
        try write(Self.numpyV3, to: dir.file("v.npy"))
        let (vector, shape) = try NPYReader.readValues(path: dir.file("v.npy"))
        #expect(shape == [4] && Array(vector.prefix(3)) == [0.5, -1, .greatestFiniteMagnitude] && vector[3].isNaN)
        try write(Self.numpyRows4, to: dir.file("r.npy"))
        let reader = try NPYReader(path: dir.file("r.npy"))
        try reader.require(columns: 4)
        #expect(throws: SDFError.self) { try reader.require(columns: 3) }
        #expect(try NPYReader.readValues(path: dir.file("r.npy")).values == (0..<8).map(Float.init))
    }

    @Test func writesTheSameBytesAsNumpy() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try NPYWriter.write(points: Self.points, to: dir.file("w.npy"))
        let written = try Data(contentsOf: URL(fileURLWithPath: dir.file("w.npy")))
        #expect(written == Data(base64Encoded: Self.numpyV1)!)
        try NPYWriter.write((0..<8).map(Float.init), shape: [2, 4], to: dir.file("r.npy"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("r.npy"))) == Data(base64Encoded: Self.numpyRows4)!)
    }

    @Test func numpyLoadsWhatWeWriteAndWeLoadWhatNumpySaves() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var random = TestRandom(seed: 4)
        let points = (0..<100_003).map { _ in random.point(in: -1e3, 1e3) }
        try NPYWriter.write(points: points, to: dir.file("ours.npy"))
        let script = """
            import numpy as np, sys
            d = sys.argv[1]
            a = np.load(d + '/ours.npy')
            assert a.dtype == np.float32 and a.shape == (100003, 3), (a.dtype, a.shape)
            np.save(d + '/back.npy', a * np.float32(2))
            np.save(d + '/vector.npy', np.linspace(0, 1, 7, dtype=np.float32))
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, dir.path]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "python3 with numpy is needed for this test")
        let back = try NPYReader.readPoints(path: dir.file("back.npy"))
        #expect(back == points.map { $0 * 2 })
        let vector = try NPYReader(path: dir.file("vector.npy"))
        try vector.require(columns: 1)
        #expect(try NPYReader.readValues(path: dir.file("vector.npy")).values == (0..<7).map { Float($0) / 6 })
    }

    @Test func streamsInChunks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let points = (0..<1000).map { SIMD3<Float>(Float($0), -Float($0), 0.5) }
        try NPYWriter.write(to: dir.file("c.npy"), shape: [1000, 3]) { append in
            for start in stride(from: 0, to: 1000, by: 300) {
                try NPYWriter.appendPoints(points[start..<min(1000, start + 300)], using: append)
            }
        }
        let reader = try NPYReader(path: dir.file("c.npy"))
        var chunk = [SIMD3<Float>](repeating: .zero, count: 128), all: [SIMD3<Float>] = []
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { try reader.readPoints(into: $0) }
            if n == 0 { break }
            all += chunk[0..<n]
        }
        #expect(all == points && reader.remainingRows == 0)
    }

    @Test func badFilesFailCleanly() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let twelve = [UInt8](repeating: 0, count: 12)
        let cases: [(String, [UInt8], String)] = [
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }", twelve + twelve, "'<f8'"),
            ("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 3), }", twelve, "big-endian"),
            ("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 3), }", twelve, "'<i4'"),
            ("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 3), }", twelve, "Fortran"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", twelve, "truncated"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 3), }", twelve, "truncated"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 3), }", twelve, "too large"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 3), }", twelve, "dimensions"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", twelve, "beyond"),
            ("{'descr': '<f4', 'fortran_order': False, 'shape': (x, 3), }", twelve, "shape"),
        ]
        for (dict, payload, expected) in cases {
            try Data(NPYBytes.header(dict) + payload).write(to: URL(fileURLWithPath: dir.file("bad.npy")))
            let error = #expect(throws: SDFError.self) { _ = try NPYReader.readPoints(path: dir.file("bad.npy")) }
            #expect(error?.description.contains(expected) == true, "\(dict): \(error?.description ?? "")")
            #expect(error?.path == dir.file("bad.npy"))
        }
        try Data("hello world, not numpy".utf8).write(to: URL(fileURLWithPath: dir.file("text.npy")))
        #expect(throws: SDFError.self) { try NPYReader(path: dir.file("text.npy")) }
        try Data().write(to: URL(fileURLWithPath: dir.file("empty.npy")))
        #expect(throws: SDFError.self) { try NPYReader(path: dir.file("empty.npy")) }
        #expect(throws: SDFError.self) { try NPYReader(path: dir.file("missing.npy")) }
        #expect(throws: SDFError.self) { try NPYReader(path: dir.path) }
    }

    @Test func writerRejectsAWrongCountAndLeavesNoFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: SDFError.self) { try NPYWriter.write([1, 2, 3], shape: [2, 3], to: dir.file("w.npy")) }
        #expect(!FileManager.default.fileExists(atPath: dir.file("w.npy")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
