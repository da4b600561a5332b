import SDFGeometry

/// What a render produced, with the counts the CLI reports.
public struct RenderResult: Sendable {
    /// The shaded image.
    public var image: RasterImage
    /// Pixels whose ray hit the surface (0: nothing in view).
    public var hitPixels: Int
    /// Field evaluations spent (tracing, normals and occlusion).
    public var fieldEvaluations: Int
    /// The camera used.
    public var camera: Camera
}

/// Settings of a sphere-traced render.
public struct RenderSettings: Sendable, Equatable {
    /// Image width in pixels.
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// Ambient-occlusion samples along the normal (0 disables occlusion).
    public var occlusionSamples: Int = 5
    /// Upper bound on tracing iterations per ray.
    public var maximumSteps: Int = 256

    /// Settings for a `width × height` image.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// CPU sphere tracing of any `DistanceField`, on every core, in lock-step batches.
///
/// The image is cut into tiles of whole rows; each tile traces all its rays together, calling the
/// field once per iteration on the rays still marching. Batches amortise the per-call cost of
/// networks and mesh queries. Steps are `f / L` for an `L`-Lipschitz field and `0.7 f` for
/// approximate fields; a ray hits when `|f| / L` falls under a fraction of its pixel footprint.
public enum SphereTracer {
    /// Step factor for fields without a Lipschitz bound (trained networks).
    public static let approximateStepFactor: Float = 0.7

    /// Renders `field` seen by `camera` into a new image.
    public static func render(_ field: any DistanceField, camera: Camera,
                              settings: RenderSettings) -> RenderResult {
        let width = settings.width, height = settings.height
        var image = RasterImage(width: width, height: height, channels: 3)
        let rowsPerTile = Swift.max(1, 4096 / width)
        let tiles = (height + rowsPerTile - 1) / rowsPerTile
        var hits = [Int](repeating: 0, count: tiles)
        var evaluations = [Int](repeating: 0, count: tiles)
        let tracer = TileTracer(field: field, camera: camera, settings: settings)
        image.pixels.withUnsafeMutableBufferPointer { pixelBuffer in
            let pixels = SendablePointer(pixelBuffer)
            let hitCounts = SendablePointer(hits.withUnsafeMutableBufferPointer { $0.baseAddress! })
            let evaluationCounts = SendablePointer(
                evaluations.withUnsafeMutableBufferPointer { $0.baseAddress! })
            Parallelism.forEachChunk(count: tiles, minimumChunk: 1, maxChunks: tiles) { range, _ in
                for tile in range {
                    let rows = (tile * rowsPerTile)..<Swift.min(height, (tile + 1) * rowsPerTile)
                    let counts = tracer.traceTile(rows: rows, pixels: pixels)
                    hitCounts[tile] = counts.hits
                    evaluationCounts[tile] = counts.evaluations
                }
            }
        }
        return RenderResult(image: image, hitPixels: hits.reduce(0, +),
                            fieldEvaluations: evaluations.reduce(0, +), camera: camera)
    }
}

/// Traces and shades one tile of rows; all state lives in buffers owned by the call.
struct TileTracer: Sendable {
    let field: any DistanceField
    let camera: Camera
    let settings: RenderSettings
    /// The box rays are clipped to: the field's bounds, slightly padded.
    let box: AABB
    /// Multiplies field values into safe step lengths.
    let stepScale: Float
    /// Divides field values into distance estimates for hit and occlusion tests.
    let lipschitz: Float
    let footprint: Float
    let minimumThreshold: Float

    init(field: any DistanceField, camera: Camera, settings: RenderSettings) {
        self.field = field
        self.camera = camera
        self.settings = settings
        let bounds = field.bounds
        let diagonal = Swift.max(bounds.diagonal, 1e-6)
        box = bounds.padded(by: diagonal * 0.01)
        if let l = field.accuracy.lipschitz, l > 0 {
            lipschitz = l
            stepScale = 1 / l
        } else {
            lipschitz = 1
            stepScale = SphereTracer.approximateStepFactor
        }
        footprint = camera.pixelFootprint(height: settings.height)
        minimumThreshold = diagonal * 1e-5
    }

    /// Traces the rays of `rows` and writes their shaded pixels.
    func traceTile(rows: Range<Int>, pixels: SendablePointer<UInt8>) -> (hits: Int, evaluations: Int) {
        let width = settings.width
        let count = rows.count * width
        var directions = [SIMD3<Float>](repeating: .zero, count: count)
        directions.withUnsafeMutableBufferPointer {
            camera.rayDirections(width: width, height: settings.height, rows: rows, into: $0)
        }
        var distanceAlong = [Float](repeating: -1, count: count)  // −1: background
        var evaluations = march(directions: directions, distanceAlong: &distanceAlong)
        var hitIndices: [Int] = []
        for i in 0..<count where distanceAlong[i] >= 0 { hitIndices.append(i) }
        var shaded = [SIMD3<Float>]()
        if !hitIndices.isEmpty {
            let shading = SurfaceShading(field: field, camera: camera, lipschitz: lipschitz,
                                         occlusionSamples: settings.occlusionSamples,
                                         occlusionStep: box.diagonal * 0.02)
            let points = hitIndices.map { camera.position + directions[$0] * distanceAlong[$0] }
            let rays = hitIndices.map { directions[$0] }
            shaded = shading.shade(points: points, rays: rays, evaluations: &evaluations)
        }
        var next = 0
        for local in 0..<count {
            let y = rows.lowerBound + local / width
            var color = SurfaceShading.background(row: y, height: settings.height)
            if next < hitIndices.count && hitIndices[next] == local {
                color = shaded[next]
                next += 1
            }
            let (r, g, b) = RasterImage.bytes(SurfaceShading.encodeGamma(color))
            let base = (rows.lowerBound * width + local) * 3
            pixels[base] = r
            pixels[base + 1] = g
            pixels[base + 2] = b
        }
        return (hitIndices.count, evaluations)
    }

    /// Marches every ray in lock-step; writes the hit distance (or −1) and returns evaluations.
    private func march(directions: [SIMD3<Float>], distanceAlong: inout [Float]) -> Int {
        let origin = camera.position
        var t = [Float](repeating: 0, count: directions.count)
        var far = [Float](repeating: 0, count: directions.count)
        var active: [Int32] = []
        for i in 0..<directions.count {
            if let (near, exit) = Self.clip(origin: origin, direction: directions[i], box: box) {
                t[i] = near
                far[i] = exit
                active.append(Int32(i))
            }
        }
        var positions = [SIMD3<Float>](repeating: .zero, count: active.count)
        var values = [Float](repeating: 0, count: active.count)
        var evaluations = 0
        var step = 0
        while !active.isEmpty && step < settings.maximumSteps {
            let n = active.count
            for k in 0..<n {
                let i = Int(active[k])
                positions[k] = origin + directions[i] * t[i]
            }
            positions.withUnsafeBufferPointer { p in
                values.withUnsafeMutableBufferPointer { v in
                    field.distances(at: UnsafeBufferPointer(rebasing: p[0..<n]),
                                    into: UnsafeMutableBufferPointer(rebasing: v[0..<n]))
                }
            }
            evaluations += n
            var kept = 0
            for k in 0..<n {
                let i = Int(active[k])
                let value = values[k]
                guard value.isFinite else { continue }  // undefined value: background
                let estimate = value / lipschitz
                let threshold = Swift.max(footprint * t[i] * 0.5, minimumThreshold)
                if abs(estimate) < threshold || (value < 0 && step == 0) {
                    distanceAlong[i] = t[i]
                    continue
                }
                t[i] += value * stepScale
                if t[i] > far[i] { continue }
                active[kept] = active[k]
                kept += 1
            }
            active.removeSubrange(kept...)
            step += 1
        }
        return evaluations
    }

    /// Entry and exit distances of a ray through `box`, or nil when it misses (slab test).
    static func clip(origin: SIMD3<Float>, direction: SIMD3<Float>, box: AABB) -> (Float, Float)? {
        let tiny: Float = 1e-30
        let safe = direction.replacing(with: tiny, where: direction * direction .< tiny * tiny)
        let inverse = SIMD3<Float>(1, 1, 1) / safe
        let a = (box.min - origin) * inverse
        let b = (box.max - origin) * inverse
        let near = pointwiseMin(a, b)
        let far = pointwiseMax(a, b)
        let entry = Swift.max(near.max(), 0)
        let exit = far.min()
        return entry <= exit ? (entry, exit) : nil
    }
}
