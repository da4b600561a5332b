import Foundation
import SDFGeometry
import SDFKit
import SDFTestSupport
import Testing

@Suite struct RenderCommandTests {
    @Test func renderWritesAPNGOfTheRequestedSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.icosphere(levels: 2), to: directory.file("sphere.obj"))
        let result = try CommandRunner.run(["render", directory.file("sphere.obj"), "-o", directory.file("out.png"),
                                            "--size", "96x64", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try PNGCodec.read(directory.file("out.png"))
        #expect(image.width == 96 && image.height == 64)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hits = try #require(report["hitPixels"] as? [Int])
        #expect(hits.count == 1 && hits[0] > 500)
        #expect(!result.stderr.contains("warning"))
    }

    @Test func turntableWritesNumberedFrames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.torus(u: 24, v: 12), to: directory.file("torus.obj"))
        let result = try CommandRunner.run(["render", directory.file("torus.obj"), "-o", directory.file("spin.png"),
                                            "--size", "32x32", "--turntable", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["spin-000.png", "spin-001.png", "spin-002.png"] {
            #expect(try PNGCodec.read(directory.file(name)).width == 32)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("spin.png")))
    }

    @Test func emptyViewWritesAValidImageAndWarns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.icosphere(levels: 1), to: directory.file("sphere.obj"))
        // At zoom 1e-4 the object is far smaller than one pixel: no ray meets it.
        let result = try CommandRunner.run(["render", directory.file("sphere.obj"), "-o", directory.file("empty.png"),
                                            "--size", "40x30", "--zoom", "0.0001"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: nothing in view"))
        let image = try PNGCodec.read(directory.file("empty.png"))
        #expect(image.width == 40 && image.height == 30)
    }

    @Test func unwritableOutputFailsBeforeLoading() throws {
        // The source does not exist either: the error must name the output, checked first.
        let result = try CommandRunner.run(["render", "/nonexistent/mesh.obj", "-o", "/nonexistent/dir/out.png"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: /nonexistent/dir/out.png"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: ["0x10", "10", "axb", "100000x100000"])
    func badSizesAreRejected(size: String) throws {
        let result = try CommandRunner.run(["render", "any.obj", "-o", "/tmp/x.png", "--size", size])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error:"))
    }
}
