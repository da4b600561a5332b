import Foundation
import SDFGeometry

/// Small analytic fields written for these tests (independent of the modelling library).
struct SphereField: DistanceField {
    var radius: Float = 1
    var center = SIMD3<Float>(0.1, -0.05, 0.02)
    var accuracy: FieldAccuracy = .exact
    /// Multiplies the values (a scaled field is no longer a distance: only for `.approximate`).
    var valueScale: Float = 1
    var bounds: AABB { AABB(min: center - radius, max: center + radius) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices { distances[i] = (length(points[i] - center) - radius) * valueScale }
    }

    func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        for i in points.indices { gradients[i] = normalizedOrZero(points[i] - center) * valueScale }
    }
}

/// An approximate sphere whose values ripple along the radius: `ρ − R + A·sin(ωρ)` for
/// `ρ = |p|`. While `Aω < 1` its zero set is one sphere; slopes reach `1 + Aω`, but over a
/// distance `d` the values change by at most `d + 2A`.
struct RippledSphereField: DistanceField {
    var radius: Float = 1
    var amplitude: Float
    var wavenumber: Float
    var accuracy: FieldAccuracy { .approximate }
    var bounds: AABB { AABB(min: SIMD3(repeating: -radius - amplitude), max: SIMD3(repeating: radius + amplitude)) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let rho = length(points[i])
            distances[i] = rho - radius + amplitude * sin(wavenumber * rho)
        }
    }
}

/// A torus around the z axis.
struct TorusField: DistanceField {
    var majorRadius: Float = 1
    var minorRadius: Float = 0.35
    var accuracy: FieldAccuracy { .exact }
    var bounds: AABB {
        let r = majorRadius + minorRadius
        return AABB(min: SIMD3(-r, -r, -minorRadius), max: SIMD3(r, r, minorRadius))
    }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let p = points[i]
            let q = SIMD2((p.x * p.x + p.y * p.y).squareRoot() - majorRadius, p.z)
            distances[i] = (q * q).sum().squareRoot() - minorRadius
        }
    }
}

/// An axis-aligned box with half extents `half`, exact distance inside and outside.
struct BoxField: DistanceField {
    var half = SIMD3<Float>(0.8, 0.5, 0.3)
    var accuracy: FieldAccuracy { .exact }
    var bounds: AABB { AABB(min: -half, max: half) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let q = pointwiseMax(points[i], -points[i]) - half
            distances[i] = length(pointwiseMax(q, .zero)) + Swift.min(q.max(), 0)
        }
    }
}

/// A field with the same value everywhere.
struct ConstantField: DistanceField {
    var value: Float
    var bounds: AABB { AABB(min: SIMD3(repeating: -1), max: SIMD3(repeating: 1)) }
    var accuracy: FieldAccuracy { .exact }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in distances.indices { distances[i] = value }
    }
}

/// A CSG part with sharp edges and a through hole: (box ∩ sphere) − cylinder along z, and, with
/// `wall > 0`, hollowed to a shell of that thickness (two sheets close together).
struct PartField: DistanceField {
    var wall: Float = 0
    var accuracy: FieldAccuracy { .bound(lipschitz: 1) }
    var bounds: AABB { AABB(min: SIMD3(repeating: -0.75), max: SIMD3(repeating: 0.75)) }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        for i in points.indices {
            let p = points[i]
            let q = pointwiseMax(p, -p) - SIMD3(repeating: 0.75)
            let box = length(pointwiseMax(q, .zero)) + Swift.min(q.max(), 0)
            let sphere = length(p) - 1
            let cylinder = (p.x * p.x + p.y * p.y).squareRoot() - 0.35
            let solid = Swift.max(Swift.max(box, sphere), -cylinder)
            distances[i] = wall > 0 ? abs(solid + wall / 2) - wall / 2 : solid
        }
    }
}

/// Another field's values, declared `.approximate` (no distance bound), as a trained network is.
struct ApproximateField<Base: DistanceField>: DistanceField {
    var base: Base
    var accuracy: FieldAccuracy { .approximate }
    var bounds: AABB { base.bounds }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>,
                   into distances: UnsafeMutableBufferPointer<Float>) {
        base.distances(at: points, into: distances)
    }
}
