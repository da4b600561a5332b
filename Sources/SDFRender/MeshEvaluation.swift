import SDFDistance
import SDFGeometry

/// Reconstruction metrics: Chamfer-L1/L2, Hausdorff, F-score and normal consistency between two
/// meshes; IoU and near-surface distance error between two fields. Shared by `sdfkit eval` and the
/// final report of `fit`.
public enum MeshEvaluation {
    /// Surface metrics of `candidate` against `reference` from area-weighted samples on both.
    /// - Throws: `SDFError` when either mesh has no surface area.
    /// - Complexity: `2 · surfaceSamples` BVH closest-point queries, on every core.
    public static func surfaceMetrics(candidate: TriangleMesh, reference: TriangleMesh,
                                      settings: EvaluationSettings = EvaluationSettings()) throws -> SurfaceMetrics {
        guard settings.surfaceSamples > 0 else { throw SDFError("the number of samples must be positive") }
        let candidateSampler: SurfaceSampler, referenceSampler: SurfaceSampler
        do { candidateSampler = try SurfaceSampler(mesh: candidate) } catch {
            throw SDFError("the candidate mesh has no surface area")
        }
        do { referenceSampler = try SurfaceSampler(mesh: reference) } catch {
            throw SDFError("the reference mesh has no surface area")
        }
        let n = settings.surfaceSamples
        let fromCandidate = candidateSampler.samples(count: n, seed: settings.seed)
        let fromReference = referenceSampler.samples(count: n, seed: settings.seed &+ 1)
        let toReference = SurfaceDistances(points: fromCandidate.points, normals: fromCandidate.normals,
                                           target: reference)
        let toCandidate = SurfaceDistances(points: fromReference.points, normals: fromReference.normals,
                                           target: candidate)
        let diagonal = Swift.max(reference.bounds.diagonal, .leastNormalMagnitude)
        let tau = settings.tau ?? settings.tauFraction * diagonal
        let precision = toReference.share(within: tau), recall = toCandidate.share(within: tau)
        let chamferL1 = Float((toReference.mean + toCandidate.mean) / 2)
        let chamferL2 = Float((toReference.meanSquare + toCandidate.meanSquare) / 2)
        let hausdorff = Swift.max(toReference.maximum, toCandidate.maximum)
        return SurfaceMetrics(
            samples: n, referenceDiagonal: diagonal,
            accuracy: Float(toReference.mean), completeness: Float(toCandidate.mean),
            chamferL1: chamferL1, chamferL2: chamferL2,
            normalizedChamferL1: chamferL1 / diagonal, normalizedChamferL2: chamferL2 / (diagonal * diagonal),
            hausdorff: hausdorff, normalizedHausdorff: hausdorff / diagonal,
            tau: tau, precision: precision, recall: recall,
            fScore: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0,
            normalConsistency: Float((toReference.meanNormalAgreement + toCandidate.meanNormalAgreement) / 2))
    }

    /// Volume metrics of `candidate` against `reference` on `volumeSamples` quasi-random points in
    /// the reference's bounds padded by 5 % of its diagonal.
    public static func volumeMetrics(candidate: any DistanceField, reference: any DistanceField,
                                     settings: EvaluationSettings = EvaluationSettings()) -> VolumeMetrics {
        let box = reference.bounds.padded(by: reference.bounds.diagonal * 0.05)
        let points = QuasiRandom.points(count: settings.volumeSamples, in: box)
        let candidateValues = candidate.distances(at: points)
        let referenceValues = reference.distances(at: points)
        let diagonal = Swift.max(reference.bounds.diagonal, .leastNormalMagnitude)
        let band = settings.bandFraction * diagonal
        var both = 0, either = 0, agree = 0, near = 0
        var differenceSum = 0.0
        for i in 0..<points.count {
            let c = candidateValues[i], r = referenceValues[i]
            let insideC = c < 0, insideR = r < 0
            if insideC && insideR { both += 1 }
            if insideC || insideR { either += 1 }
            if insideC == insideR { agree += 1 }
            if abs(r) < band && c.isFinite {
                near += 1
                differenceSum += Double(abs(c - r))
            }
        }
        let meanDifference = near > 0 ? Float(differenceSum / Double(near)) : .nan
        return VolumeMetrics(
            uniformSamples: points.count, iou: either > 0 ? Float(both) / Float(either) : 1,
            signAgreement: Float(agree) / Float(Swift.max(points.count, 1)), band: band,
            nearSurfaceSamples: near, nearSurfaceMeanAbsoluteDifference: meanDifference,
            normalizedNearSurfaceMeanAbsoluteDifference: meanDifference / diagonal)
    }

    /// The ratio of the larger to the smaller bounding-box diagonal when it exceeds `threshold`
    /// (inputs at different scales or units make every metric meaningless); nil otherwise.
    public static func scaleMismatch(_ a: AABB, _ b: AABB, threshold: Float = 10) -> Float? {
        let da = a.diagonal, db = b.diagonal
        guard da > 0, db > 0 else { return da == db ? nil : .infinity }
        let ratio = Swift.max(da, db) / Swift.min(da, db)
        return ratio > threshold ? ratio : nil
    }
}

/// Distances from sample points to a target mesh, with the normal agreement of each pair.
struct SurfaceDistances {
    var distances: [Float]
    var normalAgreement: [Float]

    init(points: [SIMD3<Float>], normals: [SIMD3<Float>], target: TriangleMesh) {
        let bvh = BVH(mesh: target)
        let faceNormals = target.faceNormals()
        var distances = [Float](repeating: 0, count: points.count)
        var agreement = [Float](repeating: 0, count: points.count)
        points.withUnsafeBufferPointer { p in
            normals.withUnsafeBufferPointer { n in
                let source = SendableConstPointer(p), sourceNormals = SendableConstPointer(n)
                let d = SendablePointer(distances.withUnsafeMutableBufferPointer { $0.baseAddress! })
                let a = SendablePointer(agreement.withUnsafeMutableBufferPointer { $0.baseAddress! })
                Parallelism.forEachChunk(count: p.count, minimumChunk: 1024) { range, _ in
                    for i in range {
                        guard let closest = bvh.closestPoint(to: source[i]) else {
                            d[i] = .infinity
                            continue
                        }
                        d[i] = closest.distance
                        a[i] = abs(dot(sourceNormals[i], faceNormals[closest.triangle]))
                    }
                }
            }
        }
        self.distances = distances
        self.normalAgreement = agreement
    }

    var mean: Double { distances.reduce(0.0) { $0 + Double($1) } / Double(distances.count) }
    var meanSquare: Double { distances.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(distances.count) }
    var maximum: Float { distances.max() ?? 0 }
    var meanNormalAgreement: Double {
        normalAgreement.reduce(0.0) { $0 + Double($1) } / Double(normalAgreement.count)
    }

    func share(within tau: Float) -> Float {
        Float(distances.lazy.filter { $0 <= tau }.count) / Float(distances.count)
    }
}
