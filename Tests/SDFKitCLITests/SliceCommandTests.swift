import Foundation
import SDFGeometry
import SDFKit
import SDFTestSupport
import Testing

@Suite struct SliceCommandTests {
    @Test func sliceThroughASphereIsBlueInsideAndRedOutside() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.icosphere(levels: 3), to: directory.file("sphere.obj"))
        let result = try CommandRunner.run(["slice", directory.file("sphere.obj"), "--axis", "y", "--at", "0",
                                            "-o", directory.file("slice.png"), "--size", "120x100", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try PNGCodec.read(directory.file("slice.png"))
        #expect(image.width == 120 && image.height == 100)
        let centre = image.pixel(x: 60, y: 50).map(Int.init)
        #expect(centre[2] > centre[0] + 40)
        let corner = image.pixel(x: 2, y: 2).map(Int.init)
        #expect(corner[0] > corner[2] + 40)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["crossesSurface"] as? Bool == true)
    }

    @Test func planeMissingTheSurfaceWarns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try writeOBJ(TestMeshes.icosphere(levels: 1), to: directory.file("sphere.obj"))
        let result = try CommandRunner.run(["slice", directory.file("sphere.obj"), "--axis", "z", "--at", "5",
                                            "-o", directory.file("slice.png"), "--size", "20x20"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: the plane does not cross the surface"))
        #expect(try PNGCodec.read(directory.file("slice.png")).height == 20)
    }

    @Test func badAxisIsRejected() throws {
        let result = try CommandRunner.run(["slice", "any.obj", "--axis", "w", "-o", "/tmp/x.png"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error:"))
    }
}
