import SDFGeometry
import Testing
import SDFRender

@Suite struct SliceRendererTests {
    func channels(_ image: RasterImage, at point: SIMD3<Float>, plane: SlicePlane) throws -> (r: Int, g: Int, b: Int) {
        let pixel = try #require(plane.pixel(containing: point))
        let c = image.pixel(x: pixel.x, y: pixel.y)
        return (Int(c[0]), Int(c[1]), Int(c[2]))
    }

    @Test(arguments: CoordinateAxis.allCases)
    func insideIsBlueOutsideRedContourDark(axis: CoordinateAxis) throws {
        let sphere = SphereField(center: SIMD3(0.5, 0.5, 0.5), radius: 1)
        let plane = SlicePlane(bounds: sphere.bounds, axis: axis, position: 0.5, width: 300, height: 200)
        let result = SliceRenderer.render(sphere, plane: plane)
        #expect(result.image.width == 300 && result.image.height == 200)
        #expect(result.crossesSurface)
        let (h, _) = axis.inPlaneAxes
        var inside = sphere.center
        inside[h] -= 0.6
        var outside = sphere.center
        outside[h] += 1.25
        var onSurface = sphere.center
        onSurface[h] += 1
        let blue = try channels(result.image, at: inside, plane: plane)
        #expect(blue.b > blue.r + 40)
        let red = try channels(result.image, at: outside, plane: plane)
        #expect(red.r > red.b + 40)
        let dark = try channels(result.image, at: onSurface, plane: plane)
        #expect(dark.r + dark.g + dark.b < 200)
    }

    @Test func planePixelMappingRoundTrips() throws {
        let plane = SlicePlane(bounds: AABB(min: -.one, max: .one), axis: .y, position: 0.25, width: 64, height: 48)
        let point = plane.worldPoint(x: 10, y: 40)
        #expect(point.y == 0.25)
        let pixel = try #require(plane.pixel(containing: point))
        #expect(pixel.x == 10 && pixel.y == 40)
        #expect(plane.worldPoint(x: 0, y: 0).z > plane.worldPoint(x: 0, y: 47).z)
    }

    @Test func planeThatMissesTheSurfaceIsReported() {
        let sphere = SphereField()
        let plane = SlicePlane(bounds: sphere.bounds, axis: .z, position: 3, width: 40, height: 40)
        let result = SliceRenderer.render(sphere, plane: plane)
        #expect(!result.crossesSurface)
        #expect(result.minimum > 0)
    }

    @Test func niceSpacingPicksOneTwoFive() {
        #expect(SliceRenderer.niceSpacing(0.37) == 0.2)
        #expect(SliceRenderer.niceSpacing(7) == 5)
        #expect(abs(SliceRenderer.niceSpacing(0.012) - 0.01) < 1e-7)
    }
}
