import Foundation
import Testing
import SDFKit
import SDFTestSupport

@Suite struct DistanceCommandTests {
    /// The cube [0, 1]³ as an OBJ file.
    func writeCube(to path: String) throws {
        var text = ""
        let mesh = TestMeshes.cube()
        for p in mesh.positions { text += "v \(p.x) \(p.y) \(p.z)\n" }
        for t in 0..<mesh.triangleCount {
            let (a, b, c) = mesh.triangle(t)
            text += "f \(a + 1) \(b + 1) \(c + 1)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func box(_ p: SIMD3<Float>) -> Float {
        let q = SIMD3(abs(p.x - 0.5), abs(p.y - 0.5), abs(p.z - 0.5)) - SIMD3(repeating: 0.5)
        let outside = SIMD3(max(q.x, 0), max(q.y, 0), max(q.z, 0))
        return length(outside) + min(max(q.x, max(q.y, q.z)), 0)
    }

    @Test(arguments: ["auto", "winding", "pseudonormal"])
    func queryWritesExactSignedDistances(sign: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeCube(to: dir.file("cube.obj"))
        var random = TestRandom(seed: 2)
        var points = (0..<5000).map { _ in random.point(in: -1, 2) }
        points[17] = SIMD3(.nan, 0, 0)
        points[4000] = SIMD3(0, -.infinity, 0)
        try NPYWriter.write(points: points, to: dir.file("points.npy"))
        let result = try CommandRunner.run(["query", dir.file("cube.obj"), dir.file("points.npy"),
                                            "-o", dir.file("d.npy"), "--sign", sign, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let (distances, shape) = try NPYReader.readValues(path: dir.file("d.npy"))
        #expect(shape == [5000])
        for (i, (p, d)) in zip(points, distances).enumerated() {
            if i == 17 || i == 4000 { #expect(d.isNaN); continue }
            #expect(abs(d - box(p)) < 1e-6, "at \(p)")
        }
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(report["points"] as? Int == 5000 && report["nonFinitePoints"] as? Int == 2)
        #expect(report["sign"] as? String == (sign == "winding" ? "winding" : "pseudonormal"))
        #expect((report["queriesPerSecond"] as? Double ?? 0) > 0)
        #expect(report["ambiguousFraction"] as? Double == 0)
    }

    @Test func sampleWritesRowsOfPointAndDistance() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeCube(to: dir.file("cube.obj"))
        let arguments = ["sample", dir.file("cube.obj"), "-n", "4000", "--seed", "5"]
        let one = try CommandRunner.run(arguments + ["-o", dir.file("a.npy"), "--json"], addingEnvironment: ["SDFKIT_THREADS": "1"])
        let two = try CommandRunner.run(arguments + ["-o", dir.file("b.npy")], addingEnvironment: ["SDFKIT_THREADS": "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        let (rows, shape) = try NPYReader.readValues(path: dir.file("a.npy"))
        #expect(shape == [4000, 4])
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.npy")))
            == Data(contentsOf: URL(fileURLWithPath: dir.file("b.npy"))))
        for r in 0..<4000 {
            let p = SIMD3(rows[4 * r], rows[4 * r + 1], rows[4 * r + 2])
            #expect(abs(rows[4 * r + 3] - box(p)) < 1e-6)
        }
        let report = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as! [String: Any]
        #expect(report["uniform"] as? Int == 500 && report["surface"] as? Int == 2000 && report["nearSurface"] as? Int == 1500)
    }

    @Test func distanceBenchmarkChecksSignsAndMagnitudes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeCube(to: dir.file("cube.obj"))
        let result = try CommandRunner.run(["bench-distance", dir.file("cube.obj"), "--points", "3000",
                                            "--checks", "200", "--sign", "winding", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let rows = try #require((report["meshes"] as? [String: Any])?[dir.file("cube.obj")] as? [[String: Any]])
        #expect(rows.map { $0["kind"] as? String } == ["uniform", "near-surface"])
        for row in rows {
            #expect(row["signChecked"] as? Int == 200 && row["signAgreed"] as? Int == 200)
            #expect((row["maximumRelativeDistanceError"] as? Double ?? 1) < 1e-6)
            #expect(row["sign"] as? String == "winding" && (row["queriesPerSecond"] as? Double ?? 0) > 0)
        }
        let one = try CommandRunner.run(["bench-distance", dir.file("cube.obj"), "--points", "1000",
                                         "--kinds", "near-surface", "--json"])
        let oneReport = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as! [String: Any]
        let oneRows = try #require((oneReport["meshes"] as? [String: Any])?[dir.file("cube.obj")] as? [[String: Any]])
        #expect(oneRows.map { $0["kind"] as? String } == ["near-surface"])
        let bad = try CommandRunner.run(["bench-distance", dir.file("cube.obj"), "--kinds", "sideways"])
        #expect(bad.status == 1 && bad.stderr.contains("sideways"), "\(bad.stderr)")
    }

    @Test func badInputFailsWithOneLineAndNoOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try writeCube(to: dir.file("cube.obj"))
        try NPYWriter.write([1, 2, 3, 4], shape: [2, 2], to: dir.file("flat.npy"))
        try NPYWriter.write(points: [SIMD3(0, 0, 0)], to: dir.file("one.npy"))
        try "not a mesh".write(toFile: dir.file("junk.obj"), atomically: true, encoding: .utf8)
        let runs: [[String]] = [
            ["query", dir.file("cube.obj"), dir.file("flat.npy"), "-o", dir.file("out.npy")],
            ["query", dir.file("cube.obj"), dir.file("missing.npy"), "-o", dir.file("out.npy")],
            ["query", dir.file("junk.obj"), dir.file("one.npy"), "-o", dir.file("out.npy")],
            ["query", dir.file("cube.obj"), dir.file("one.npy"), "-o", dir.file("no/such/dir.npy")],
            ["query", dir.file("cube.obj"), dir.file("one.npy"), "-o", dir.file("out.npy"), "--sign", "maybe"],
            ["sample", dir.file("cube.obj"), "-n", "0", "-o", dir.file("out.npy")],
            ["sample", dir.file("cube.obj"), "-n", "10", "-o", dir.file("out.npy"), "--mix", "1:2"],
            ["sample", dir.file("missing.obj"), "-n", "10", "-o", dir.file("out.npy")],
        ]
        for arguments in runs {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.file("out.npy")))
        }
    }
}
