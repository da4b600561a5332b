import Foundation

extension BenchmarkSuite {
    /// Training throughput of the hash encoding on the simplex lattice against the cubic grid
    /// (same tables, same network, same samples), in samples per second.
    static func trainingRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let source = try MeshSampleSource(field: try context.meshField())
        let steps = context.settings.size(20, quick: 4)
        var rows: [BenchmarkRow] = []
        for lattice in EncodingLattice.allCases {
            var configuration = TrainingConfiguration()
            configuration.encoding.lattice = lattice
            configuration.seed = context.settings.seed
            let trainer = try Trainer(configuration: configuration, source: source)
            _ = trainer.train(steps: 2, seconds: nil)  // warm-up: sample pool, first touches
            let run = trainer.train(steps: steps, seconds: nil)
            rows.append(BenchmarkRow(
                name: "training, \(lattice.rawValue) encoding", value: run.samplesPerSecond, unit: "samples/s",
                detail: "\(run.steps) steps × \(configuration.batchSize) samples, default network and tables"))
        }
        return rows
    }

    /// Fit quality against training time for both lattices: sign IoU and near-surface error on
    /// uniform samples, and the surface metrics of the network extracted at resolution 128.
    static func fitQualityRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let reference = try context.meshField()
        let source = try MeshSampleSource(field: reference)
        let budgets: [Double] = context.settings.quick ? [1] : [5, 20]
        var evaluation = EvaluationSettings()
        evaluation.volumeSamples = context.settings.size(400_000, quick: 50_000)
        evaluation.surfaceSamples = context.settings.size(100_000, quick: 10_000)
        let resolution = context.settings.size(128, quick: 48)
        var rows: [BenchmarkRow] = []
        for lattice in EncodingLattice.allCases {
            for budget in budgets {
                var configuration = TrainingConfiguration()
                configuration.encoding.lattice = lattice
                configuration.seed = context.settings.seed
                let trainer = try Trainer(configuration: configuration, source: source)
                let run = trainer.train(steps: nil, seconds: budget)
                let model = trainer.makeModel()
                let volume = MeshEvaluation.volumeMetrics(candidate: model, reference: reference, settings: evaluation)
                let extracted = try MarchingTetrahedra(resolution: resolution).extract(model).mesh
                var surfaceText = "no surface extracted"
                if !extracted.isEmpty {
                    let surface = try MeshEvaluation.surfaceMetrics(candidate: extracted, reference: context.mesh,
                                                                    settings: evaluation)
                    surfaceText = "Chamfer-L1 \(String(format: "%.2e", surface.normalizedChamferL1)) of the diagonal, F@1% \(String(format: "%.3f", surface.fScore)), normal consistency \(String(format: "%.3f", surface.normalConsistency)) (extracted at \(resolution))"
                }
                rows.append(BenchmarkRow(
                    name: "fit \(Int(budget)) s, \(lattice.rawValue): sign IoU", value: Double(volume.iou), unit: "IoU",
                    detail: "\(run.steps) steps; mean abs Δd near surface \(String(format: "%.2e", volume.normalizedNearSurfaceMeanAbsoluteDifference)) of the diagonal; \(surfaceText)"))
            }
        }
        return rows
    }

    /// Marching-tetrahedra extraction of the exact mesh field: time, triangles, peak memory.
    static func extractionRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let field = try context.meshField()
        let resolution = context.settings.size(256, quick: 64)
        let baseline = MachineDescription.peakResidentMiB()
        let resetWorked = MachineDescription.resetPeakResident()
        let extraction = try MarchingTetrahedra(resolution: resolution).extract(field)
        let peak = MachineDescription.peakResidentMiB()
        let stats = extraction.statistics
        return [
            BenchmarkRow(name: "extraction (marching tetrahedra, mesh field)", value: stats.seconds, unit: "s",
                         detail: "resolution \(resolution), \(extraction.mesh.triangleCount) triangles, \(stats.fieldEvaluations) field evaluations"),
            BenchmarkRow(name: "extraction peak resident memory", value: peak, unit: "MiB",
                         detail: resetWorked ? "whole process, mark reset before extraction" : "whole process peak (could not reset the mark; \(Int(baseline)) MiB before)"),
        ]
    }

    /// Batched evaluation of a CSG scene (box ∩ sphere − cylinders, smooth-unioned with a torus).
    static func modellingRows(_ context: inout BenchmarkContext) throws -> [BenchmarkRow] {
        let part = (Box(side: 1.5) & Sphere(radius: 1)) - Cylinder(radius: 0.5, height: 3)
        let scene = part.smoothUnion(Torus(majorRadius: 1.1, minorRadius: 0.15), k: 0.2).shape
        let count = context.settings.size(1 << 22, quick: 1 << 18)
        let points = QuasiRandom.points(count: count, in: scene.bounds.padded(by: 0.1))
        var values = [Float](repeating: 0, count: count)
        let seconds = bestSeconds(repetitions: context.settings.quick ? 1 : 3) {
            points.withUnsafeBufferPointer { p in
                values.withUnsafeMutableBufferPointer { scene.evaluateInParallel(p, into: $0) }
            }
        }
        return [BenchmarkRow(name: "modelling scene evaluation", value: Double(count) / seconds, unit: "points/s",
                             detail: "(box ∩ sphere − cylinder) smooth-unioned with a torus, \(count) points, all threads")]
    }
}
