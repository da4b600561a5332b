import SDFGeometry
#if canImport(Glibc)
import Glibc
#endif

/// A pinhole camera orbiting a target: rays for pixels of a `width × height` image.
public struct Camera: Sendable, Equatable {
    /// The eye position.
    public var position: SIMD3<Float>
    /// The point looked at (image centre).
    public var target: SIMD3<Float>
    /// World up hint.
    public var up: SIMD3<Float>
    /// Vertical field of view, radians.
    public var verticalFieldOfView: Float

    /// A camera at `position` looking at `target`.
    public init(position: SIMD3<Float>, target: SIMD3<Float>, up: SIMD3<Float> = SIMD3(0, 0, 1),
                verticalFieldOfView: Float = 30 * .pi / 180) {
        self.position = position
        self.target = target
        self.up = up
        self.verticalFieldOfView = verticalFieldOfView
    }

    /// A camera orbiting `bounds` so its bounding sphere fills `fill` of the shorter image side.
    ///
    /// Elevation is in degrees above the plane normal to `up`; azimuth in degrees around `up`,
    /// from the next axis in cyclic order towards the one after (z up: from +x towards +y; y up:
    /// from +z towards +x). With `aspect` = width / height the sphere fits both ways.
    public static func framing(_ bounds: AABB, azimuth: Float, elevation: Float, aspect: Float = 1,
                               up: CoordinateAxis = .z, fill: Float = 0.9) -> Camera {
        let fov: Float = 30 * .pi / 180
        let radius = Swift.max(bounds.isEmpty ? 1 : bounds.diagonal * 0.5, 1e-6)
        let center = bounds.isEmpty ? .zero : bounds.center
        // The sphere's angular radius must fit the narrower half-angle of the view.
        let halfVertical = fov / 2
        let halfHorizontal = atan(tan(halfVertical) * aspect)
        let halfAngle = Swift.min(halfVertical, halfHorizontal) * fill
        let distance = radius / sin(halfAngle)
        let a = azimuth * .pi / 180, e = Swift.min(Swift.max(elevation, -89.5), 89.5) * .pi / 180
        let u = up.index
        var direction = SIMD3<Float>.zero
        direction[(u + 1) % 3] = cos(e) * cos(a)
        direction[(u + 2) % 3] = cos(e) * sin(a)
        direction[u] = sin(e)
        var upVector = SIMD3<Float>.zero
        upVector[u] = 1
        return Camera(position: center + direction * distance, target: center, up: upVector,
                      verticalFieldOfView: fov)
    }

    /// The orthonormal camera basis: right, true up, forward.
    public var basis: (right: SIMD3<Float>, up: SIMD3<Float>, forward: SIMD3<Float>) {
        let forward = normalizedOrZero(target - position)
        var right = normalizedOrZero(cross(forward, up))
        if lengthSquared(right) == 0 { right = normalizedOrZero(cross(forward, SIMD3(0, 1, 0))) }
        return (right, cross(right, forward), forward)
    }

    /// Unit ray directions through the centres of the pixels in `rows` (row 0 is the top).
    ///
    /// - Parameter directions: receives `rows.count · width` directions, row-major.
    public func rayDirections(width: Int, height: Int, rows: Range<Int>,
                              into directions: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        precondition(directions.count == rows.count * width)
        let (right, trueUp, forward) = basis
        let scale = tan(verticalFieldOfView / 2) / (Float(height) * 0.5)
        var i = 0
        for y in rows {
            let v = (Float(height) * 0.5 - (Float(y) + 0.5)) * scale
            for x in 0..<width {
                let u = ((Float(x) + 0.5) - Float(width) * 0.5) * scale
                directions[i] = normalizedOrZero(forward + right * u + trueUp * v)
                i += 1
            }
        }
    }

    /// The width of one pixel's footprint per unit distance along a ray (cone half-angle slope).
    public func pixelFootprint(height: Int) -> Float {
        2 * tan(verticalFieldOfView / 2) / Float(height)
    }
}
