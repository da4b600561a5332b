import Foundation

extension BenchmarkSuite {
    /// Exact mesh distance queries per second: uniform in the padded bounds, and near the surface.
    static func distanceRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let settings = context.settings
        let start = monotonicSeconds()
        let field = try context.meshField()
        let buildSeconds = monotonicSeconds() - start
        let count = settings.size(1 << 20, quick: 1 << 16)
        let box = field.bounds.padded(by: field.bounds.diagonal * 0.05)
        let uniform = QuasiRandom.points(count: count, in: box)
        let sampler = try SurfaceSampler(mesh: context.mesh)
        let surface = sampler.samples(count: count, seed: settings.seed).points
        let offset = field.bounds.diagonal * 0.01
        let near = surface.enumerated().map { i, p in p + QuasiRandom.unitPoint(i) * (2 * offset) - SIMD3(repeating: offset) }
        var rows = [BenchmarkRow(name: "mesh distance field build (BVH + winding-number moments)", value: buildSeconds,
                                 unit: "s", detail: "\(context.mesh.triangleCount) triangles")]
        for (label, points) in [("uniform in padded bounds", uniform), ("within 1 % of the diagonal of the surface", near)] {
            var values = [Float](repeating: 0, count: points.count)
            // The batch path (Morton order, each search seeded by its neighbour), as `query` uses.
            let seconds = bestSeconds(repetitions: settings.quick ? 1 : 2) {
                points.withUnsafeBufferPointer { p in
                    values.withUnsafeMutableBufferPointer { field.signedDistances(at: p, into: $0) }
                }
            }
            rows.append(BenchmarkRow(name: "signed distance queries, \(label)", value: Double(points.count) / seconds,
                                     unit: "queries/s", detail: "\(points.count) points, all threads"))
        }
        return rows
    }

    /// Sphere-traced pixels per second on the mesh field, and slice pixels per second.
    static func renderRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let field = try context.meshField()
        let side = context.settings.size(512, quick: 128)
        let camera = Camera.framing(field.bounds, azimuth: 35, elevation: 25)
        let renderSettings = RenderSettings(width: side, height: side)
        var evaluations = 0
        let renderSeconds = bestSeconds(repetitions: 1) {
            evaluations = SphereTracer.render(field, camera: camera, settings: renderSettings).fieldEvaluations
        }
        let plane = SlicePlane(bounds: field.bounds, axis: .z, position: field.bounds.center.z, width: side, height: side)
        let sliceSeconds = bestSeconds(repetitions: 1) { _ = SliceRenderer.render(field, plane: plane) }
        return [
            BenchmarkRow(name: "render (sphere tracing, normals, occlusion)", value: Double(side * side) / renderSeconds,
                         unit: "pixels/s", detail: "\(side)×\(side), \(String(format: "%.1f", Double(evaluations) / Double(side * side))) field evaluations per pixel"),
            BenchmarkRow(name: "slice", value: Double(side * side) / sliceSeconds, unit: "pixels/s",
                         detail: "\(side)×\(side)"),
        ]
    }

    /// The time of the surface metrics of the mesh against a slightly scaled copy of itself.
    static func evaluationRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let center = context.mesh.bounds.center
        let copy = context.mesh.transformed { center + ($0 - center) * 1.001 }
        var settings = EvaluationSettings()
        settings.surfaceSamples = context.settings.size(100_000, quick: 10_000)
        let seconds = try bestSeconds(repetitions: 1) {
            _ = try MeshEvaluation.surfaceMetrics(candidate: copy, reference: context.mesh, settings: settings)
        }
        return [BenchmarkRow(name: "eval surface metrics (Chamfer, F-score, normals)", value: seconds, unit: "s",
                             detail: "\(settings.surfaceSamples) samples each way, exact point-to-surface")]
    }

    /// `sdfkit extract torus.json --res N -o torus.ply` through the library, end to end: field
    /// from the scene, sparse marching tetrahedra, the closed/manifold check overlapped with the
    /// binary PLY write (to a temporary directory); at 256 and, unless quick, 512.
    static func analyticExtractionRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let torus = Torus(majorRadius: 1, minorRadius: 0.35).shape
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sdfkit-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("torus.ply").path
        var rows: [BenchmarkRow] = []
        for resolution in context.settings.quick ? [256] : [256, 512] {
            let resetWorked = MachineDescription.resetPeakResident()
            let start = monotonicSeconds()
            let extraction = try MarchingTetrahedra(resolution: resolution).extract(torus)
            let written = try MeshExporter.writeChecking(extraction.mesh, to: path)
            let seconds = monotonicSeconds() - start
            let peak = MachineDescription.peakResidentMiB()
            let triangles = extraction.mesh.triangleCount
            let shape = written.edgeUse.isClosed ? "closed and manifold" : "NOT closed"
            rows.append(BenchmarkRow(
                name: "extract analytic torus end to end (res \(resolution), to a written PLY)", value: seconds,
                unit: "s",
                detail: "\(triangles) triangles, \(shape); extraction \(String(format: "%.3f", extraction.statistics.seconds)) s, "
                    + "check \(String(format: "%.3f", written.checkSeconds)) s overlapping write "
                    + "\(String(format: "%.3f", written.writeSeconds)) s; "
                    + "\(BenchmarkSuite.formatFigure(Double(triangles) / seconds)) triangles/s"))
            rows.append(BenchmarkRow(
                name: "extract analytic torus peak resident memory (res \(resolution))", value: peak, unit: "MiB",
                detail: resetWorked ? "whole process, mark reset before the extraction" : "whole process peak (could not reset the mark)"))
        }
        return rows
    }
}

