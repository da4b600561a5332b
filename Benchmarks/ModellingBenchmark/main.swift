// Modelling benchmark: batched evaluation throughput of a 20-node scene, and fogleman/sdf's
// README example meshed end to end at the grid steps sdfcad uses (0.0105 and 0.005).
//
//     swift build -c release -Xswiftc -target-cpu -Xswiftc native --product modelling-benchmark
//     .build/release/modelling-benchmark [--evaluation-only]
import Foundation
import SDFKit
import Synchronization

/// Forwards to a field and adds up the thread-CPU time spent inside its batched evaluation, so an
/// extraction's time splits into field evaluation and everything else (meshing, welding).
final class TimedField: DistanceField {
    let field: any DistanceField
    let nanoseconds = Atomic<Int>(0)

    init(_ field: any DistanceField) { self.field = field }

    var bounds: AABB { field.bounds }
    var accuracy: FieldAccuracy { field.accuracy }
    var evaluationSeconds: Double { Double(nanoseconds.load(ordering: .relaxed)) * 1e-9 }

    func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        let start = threadCPUSeconds()
        field.distances(at: points, into: distances)
        nanoseconds.add(Int((threadCPUSeconds() - start) * 1e9), ordering: .relaxed)
    }
}

/// Nodes in a shape tree (primitives, operators, transforms).
func nodeCount(_ node: ShapeNode) -> Int {
    switch node {
    case .union(let children, _), .intersection(let children, _): return 1 + children.map(nodeCount).reduce(0, +)
    case .difference(let a, let b, _): return 1 + nodeCount(a) + nodeCount(b)
    case .translation(let c, _), .rotation(let c, _), .uniformScale(let c, _), .scale(let c, _),
         .repetition(let c, _, _), .mirror(let c, _), .twist(let c, _), .bend(let c, _),
         .elongation(let c, _), .shell(let c, _), .offset(let c, _):
        return 1 + nodeCount(c)
    default: return 1
    }
}

/// The medians of `runs` wall-clock and CPU timings of `body`, in seconds.
func median(runs: Int = 5, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<runs {
        let start = monotonicSeconds(), cpuStart = processCPUSeconds()
        try body()
        wall.append(monotonicSeconds() - start)
        cpu.append(processCPUSeconds() - cpuStart)
    }
    return (wall.sorted()[runs / 2], cpu.sorted()[runs / 2])
}

/// A bracket: a rounded plate with a boss, blended ribs, bolt holes and a chamfered slot.
func twentyNodeScene() -> Shape {
    let plate = Box(size: [2, 1.2, 0.2]).rounded(0.05)
    let boss = Cylinder(radius: 0.35, height: 0.6, center: [0, 0, 0.3])
    let rib = Box(size: [1.6, 0.08, 0.4], center: [0, 0, 0.2])
    let bore = Cylinder(radius: 0.2, height: 1.0, center: [0, 0, 0.3])
    let bolts = Cylinder(radius: 0.07, height: 0.5).repeated(every: [1.6, 0.8, 0], limit: [0, 0, 0])
        .translated(by: [0, 0, 0])
    let slot = Capsule(from: [-0.5, 0.3, 0], to: [0.5, 0.3, 0], radius: 0.08)
    let body = plate.smoothUnion(boss, k: 0.1).smoothUnion(rib.rotated(around: [0, 0, 1], angle: 0.5), k: 0.05)
    return (body - bore - bolts.mirrored(.x)).chamferDifference(slot, k: 0.03).shelled(thickness: 0.04) | Sphere(radius: 0.1, center: [0, 0, 0.7])
}

/// fogleman/sdf's README example: sphere(1) & box(1.5), minus three cylinders of radius 0.5.
func foglemanExample() -> Shape {
    let cylinder = Cylinder(radius: 0.5, height: 4)
    return (Sphere(radius: 1) & Box(side: 1.5)) - cylinder.oriented(along: [1, 0, 0])
        - cylinder.oriented(along: [0, 1, 0]) - cylinder
}

let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
    .first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":")[1].drop { $0 == " " }) } ?? "unknown CPU"
print("# sdfkit modelling benchmark")
print("command: \(CommandLine.arguments.joined(separator: " ")) (release, -target-cpu native)")
print("machine: \(cpu), \(Parallelism.threadCount) threads, load average \(((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " "))")
print("")

let example = foglemanExample()

// 1. Batched evaluation throughput, uniform points in the scene's bounds.
print("| scene | nodes | tape instructions | points | 1 thread | \(Parallelism.threadCount) threads | per CPU-second |")
print("|---|---|---|---|---|---|---|")
for (name, scene) in [("bracket", twentyNodeScene()), ("fogleman/sdf example", example)] {
    let count = 1 << 22
    var random = SplitMix64(seed: 0x5DF_C0DE)
    let box = scene.bounds
    let points = (0..<count).map { _ in
        SIMD3<Float>(Float.random(in: box.min.x...box.max.x, using: &random), Float.random(in: box.min.y...box.max.y, using: &random),
                     Float.random(in: box.min.z...box.max.z, using: &random))
    }
    var values = [Float](repeating: 0, count: count)
    let oneThread = points.withUnsafeBufferPointer { p in
        values.withUnsafeMutableBufferPointer { v in median { scene.distances(at: p, into: v) } }
    }
    let allThreads = points.withUnsafeBufferPointer { p in
        values.withUnsafeMutableBufferPointer { v in median { scene.evaluateInParallel(p, into: v) } }
    }
    print(String(format: "| %@ | %d | %d | %d | %.1f M points/s | %.1f M points/s | %.1f M points |", name, nodeCount(scene.node),
                 scene.program.instructionCount, count, Double(count) / oneThread.wall / 1e6, Double(count) / allThreads.wall / 1e6,
                 Double(count) / oneThread.cpu / 1e6))
    // Analytic gradients (forward mode) of a quarter of the points, one thread.
    var gradients = [SIMD3<Float>](repeating: .zero, count: count / 4)
    let gradientTime = points.withUnsafeBufferPointer { p in
        gradients.withUnsafeMutableBufferPointer { g in
            median { scene.gradients(at: UnsafeBufferPointer(rebasing: p[0..<(count / 4)]), into: g) }
        }
    }
    print(String(format: "| %@, analytic gradients | | | %d | %.1f M points/s | | %.1f M points |", name, count / 4,
                 Double(count / 4) / gradientTime.wall / 1e6, Double(count / 4) / gradientTime.cpu / 1e6))
}
print("")

// 2. End to end: fogleman/sdf README example, meshed with marching tetrahedra.
if CommandLine.arguments.contains("--evaluation-only") { exit(0) }
print("| fogleman/sdf example | grid step | lattice unit | resolution | seconds (median of 3) | CPU seconds | field evaluations | triangles | vertices | watertight | sdfcad (same step) | speed-up |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for (step, sdfcadSeconds) in [(Float(0.0105), 0.72), (Float(0.005), 4.0)] {
    // Two readings of "the same step": a lattice unit equal to the step (twice sdfcad's sample
    // density, the BCC lattice has 2 vertices per unit cell), and the unit of equal sample density
    // (∛2 · step).
    for unit in [step, step * 1.259_921] {
        let resolution = Int((example.bounds.longestSide / unit).rounded()) + 4
        var extraction: MeshExtraction?
        let (seconds, cpuSeconds) = try median(runs: 3) { extraction = try MarchingTetrahedra(resolution: resolution).extract(example) }
        let mesh = extraction!.mesh
        print(String(format: "| sphere(1) & box(1.5) − 3 cylinders | %.4f | %.4f | %d | %.3f | %.3f | %d | %d | %d | %@ | %.2f s | %.1f× |", step, unit,
                     resolution, seconds, cpuSeconds, extraction!.statistics.fieldEvaluations, mesh.triangleCount, mesh.vertexCount,
                     mesh.diagnostics().isWatertight ? "yes" : "no", sdfcadSeconds, sdfcadSeconds / seconds))
    }
}
print("")

// 3. Where the time goes: one extraction per step with the field's evaluation timed (thread CPU).
print("| grid step | lattice unit | selection s | meshing s (incl. evaluation) | welding s | field evaluation CPU s | total CPU s |")
print("|---|---|---|---|---|---|---|")
for step in [Float(0.0105), 0.005] {
    let resolution = Int((example.bounds.longestSide / step).rounded()) + 4
    let timed = TimedField(example)
    let cpuStart = processCPUSeconds()
    let statistics = try MarchingTetrahedra(resolution: resolution).extract(timed).statistics
    print(String(format: "| %.4f | %.4f | %.3f | %.3f | %.3f | %.3f | %.3f |", step, step, statistics.selectionSeconds,
                 statistics.meshingSeconds, statistics.weldingSeconds, timed.evaluationSeconds, processCPUSeconds() - cpuStart))
}
