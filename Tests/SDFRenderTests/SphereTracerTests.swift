import Foundation
import SDFGeometry
import SDFTestSupport
import Testing
import SDFRender

@Suite struct SphereTracerTests {
    /// The share of the image inside a sphere's silhouette, from the camera's geometry alone: a
    /// sphere centred on the view axis projects to a circle of radius `tan(asin(r/D))` on the image
    /// plane at focal length 1.
    func expectedShare(radius: Float, camera: Camera, center: SIMD3<Float>, width: Int, height: Int) -> Double {
        let distance = Double(length(camera.position - center))
        let angular = asin(Double(radius) / distance)
        let pixelsPerUnit = Double(height) / 2 / tan(Double(camera.verticalFieldOfView) / 2)
        let radiusInPixels = tan(angular) * pixelsPerUnit
        return Double.pi * radiusInPixels * radiusInPixels / Double(width * height)
    }

    @Test(arguments: [(256, 256, 30, 20), (320, 200, -75, 60), (160, 240, 180, -35)])
    func silhouetteCoversTheProjectedDisc(width: Int, height: Int, azimuth: Float, elevation: Float) {
        let sphere = SphereField(center: SIMD3(0.3, -0.2, 0.5), radius: 0.8)
        let camera = Camera.framing(sphere.bounds, azimuth: azimuth, elevation: elevation,
                                    aspect: Float(width) / Float(height))
        let result = SphereTracer.render(sphere, camera: camera, settings: RenderSettings(width: width, height: height))
        let measured = Double(result.hitPixels) / Double(width * height)
        let expected = expectedShare(radius: 0.8, camera: camera, center: sphere.center, width: width, height: height)
        #expect(abs(measured - expected) / expected < 0.03, "measured \(measured), expected \(expected)")
        let centre = result.image.pixel(x: width / 2, y: height / 2)
        let corner = result.image.pixel(x: 0, y: 0)
        #expect(centre != corner)
    }

    @Test func approximateFieldWithSteeperSlopeStillFindsTheSilhouette() {
        let sphere = SphereField(radius: 1, scale: 1.3, accuracy: .approximate)
        let camera = Camera.framing(sphere.bounds, azimuth: 10, elevation: 10)
        let result = SphereTracer.render(sphere, camera: camera, settings: RenderSettings(width: 200, height: 200))
        let measured = Double(result.hitPixels) / 40000
        let expected = expectedShare(radius: 1, camera: camera, center: .zero, width: 200, height: 200)
        #expect(abs(measured - expected) / expected < 0.04, "measured \(measured), expected \(expected)")
    }

    @Test func litSideIsBrighterThanTheRim() {
        let sphere = SphereField()
        let camera = Camera.framing(sphere.bounds, azimuth: 0, elevation: 0)
        let image = SphereTracer.render(sphere, camera: camera, settings: RenderSettings(width: 128, height: 128)).image
        // The key light comes from the upper left; the lower right of the disc faces away from it.
        let upperLeft = image.pixel(x: 54, y: 54).map(Int.init).reduce(0, +)
        let lowerRight = image.pixel(x: 76, y: 76).map(Int.init).reduce(0, +)
        #expect(upperLeft > lowerRight + 30)
    }

    @Test func emptyViewGivesBackgroundOnlyAndAValidImage() throws {
        let field = EmptyField()
        let camera = Camera.framing(field.bounds, azimuth: 30, elevation: 30)
        let result = SphereTracer.render(field, camera: camera, settings: RenderSettings(width: 48, height: 32))
        #expect(result.hitPixels == 0)
        let decoded = try PNGCodec.decode(try PNGCodec.encode(result.image))
        #expect(decoded.width == 48 && decoded.height == 32)
        #expect(decoded.pixel(x: 0, y: 0) == decoded.pixel(x: 47, y: 0))
    }

    @Test(arguments: CoordinateAxis.allCases)
    func cameraOrbitsAroundTheChosenUpAxis(up: CoordinateAxis) {
        let box = AABB(min: SIMD3(1, 2, 3), max: SIMD3(2, 3, 4))
        let level = Camera.framing(box, azimuth: 0, elevation: 0, up: up)
        let offset = level.position - box.center
        // Azimuth 0 at elevation 0 looks from the axis after `up` in cyclic order.
        let from = (up.index + 1) % 3
        #expect(offset[from] > 0)
        #expect(abs(offset[up.index]) < 1e-4 && abs(offset[(up.index + 2) % 3]) < 1e-4)
        #expect(level.basis.up[up.index] > 0.9999)
        let above = Camera.framing(box, azimuth: 0, elevation: 60, up: up)
        #expect(abs((above.position - box.center)[up.index] - length(offset) * sin(Float.pi / 3)) < 1e-3)
    }

    @Test func centrePixelLooksAlongTheViewAxis() {
        let camera = Camera.framing(AABB(min: -.one, max: .one), azimuth: 40, elevation: 25)
        var direction = [SIMD3<Float>](repeating: .zero, count: 1)
        direction.withUnsafeMutableBufferPointer {
            camera.rayDirections(width: 1, height: 1, rows: 0..<1, into: $0)
        }
        #expect(length(direction[0] - camera.basis.forward) < 1e-5)
    }
}
