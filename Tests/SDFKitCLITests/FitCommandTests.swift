import Foundation
import SDFKit
import SDFTestSupport
import Testing

@Suite struct FitCommandTests {
    /// A sphere of radius 1 as an OBJ file.
    func writeSphere(to path: String) throws {
        let mesh = TestMeshes.icosphere(levels: 3)
        var text = ""
        for p in mesh.positions { text += "v \(p.x) \(p.y) \(p.z)\n" }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            text += "f \(a + 1) \(b + 1) \(c + 1)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let smallModel = ["--levels", "8", "--log2-table-size", "14", "--min-resolution", "8",
                             "--max-resolution", "128", "--batch-size", "4096", "--lr", "0.003",
                             "--eval-points", "20000"]

    @Test func fitWritesAModelThatQueryEvaluates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeSphere(to: dir.file("ball.obj"))
        let fit = try CommandRunner.run(["fit", dir.file("ball.obj"), "--steps", "200", "--json"] + Self.smallModel)
        #expect(fit.status == 0, "\(fit.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let quality = try #require(report["quality"] as? [String: Any])
        #expect((quality["iou"] as? Double ?? 0) > 0.9)
        #expect(report["output"] as? String == dir.file("ball.sdfnet"))
        #expect(FileManager.default.fileExists(atPath: dir.file("ball.sdfnet")))

        var random = TestRandom(seed: 8)
        let points = (0..<500).map { _ -> SIMD3<Float> in
            normalizedOrZero(random.point(in: -1, 1)) * Float.random(in: 0.9...1.1, using: &random)
        }
        try NPYWriter.write(points: points, to: dir.file("points.npy"))
        let query = try CommandRunner.run(["query", dir.file("ball.sdfnet"), dir.file("points.npy"), "-o", dir.file("d.npy")])
        #expect(query.status == 0, "\(query.stderr)")
        let (values, shape) = try NPYReader.readValues(path: dir.file("d.npy"))
        #expect(shape == [500])
        // The icosphere's faces sit slightly inside the unit sphere (≤ 0.005 at 3 subdivisions).
        let meanError = zip(points, values).map { abs($1 - (length($0) - 1)) }.reduce(0, +) / 500
        #expect(meanError < 0.03)
    }

    @Test func badOptionsFailWithOneLineAndNoModel() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeSphere(to: dir.file("ball.obj"))
        let cases: [([String], String)] = [
            (["--steps", "5", "--seconds", "1"], "either --seconds or --steps"),
            (["--steps", "0"], "--steps"),
            (["--width", "50"], "width"),
            (["--batch-size", "1000"], "batch size"),
            (["--encoding", "cube"], "cube"),
            (["--seconds", "nan"], "--seconds"),
        ]
        for (options, words) in cases {
            let result = try CommandRunner.run(["fit", dir.file("ball.obj")] + options)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(words), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let missing = try CommandRunner.run(["fit", dir.file("nothing.obj"), "--steps", "1"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: "))
        #expect(!FileManager.default.fileExists(atPath: dir.file("ball.sdfnet")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("nothing.sdfnet")))
    }

    @Test func plotWritesALossCurveNextToTheModel() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeSphere(to: dir.file("ball.obj"))
        let fit = try CommandRunner.run(["fit", dir.file("ball.obj"), "--steps", "20", "--plot", "--json"] + Self.smallModel)
        #expect(fit.status == 0, "\(fit.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(report["plot"] as? String == dir.file("ball-loss.png"))
        let image = try PNGCodec.read(dir.file("ball-loss.png"))
        #expect(image.width == 640 && image.height == 360)
    }

    @Test func unwritablePlotFailsBeforeTraining() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeSphere(to: dir.file("ball.obj"))
        try FileManager.default.createDirectory(atPath: dir.file("m-loss.png"), withIntermediateDirectories: false)
        let fit = try CommandRunner.run(["fit", dir.file("ball.obj"), "-o", dir.file("m.sdfnet"), "--steps", "5", "--plot"] + Self.smallModel)
        #expect(fit.status == 1)
        #expect(fit.stderr.hasPrefix("error: \(dir.file("m-loss.png"))"), "\(fit.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("m.sdfnet")))
    }
}
