import SDFGeometry

/// Anything that is a shape tree: the primitives (`Sphere`, `Box`, …) and `Shape` itself.
///
/// Conformers are distance fields. A bare primitive's one-node tree is compiled on first use and
/// kept in a small cache keyed by the tree; combining shapes (or `.shape`) gives a `Shape`,
/// which holds its program.
public protocol ShapeConvertible: DistanceField {
    /// The tree this shape stands for.
    var node: ShapeNode { get }
    /// This shape compiled for fast batched evaluation (a requirement, so generic code reaches
    /// `Shape`'s own program instead of the cache).
    var shape: Shape { get }
}

extension ShapeConvertible {
    /// This shape compiled for fast batched evaluation (cached: equal trees share one program).
    public var shape: Shape { ShapeCache.shape(for: node) }
    /// The box around the solid (see `Shape.bounds`).
    public var bounds: AABB { shape.bounds }
    /// The accuracy of the values (see `Shape.accuracy`).
    public var accuracy: FieldAccuracy { shape.accuracy }
    /// Batched evaluation through the cached compiled program.
    public func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        shape.distances(at: points, into: distances)
    }
    /// Analytic gradients through the cached compiled program (see `ShapeProgram.gradients`).
    public func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>, into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        shape.gradients(at: points, into: gradients)
    }
}

/// A compiled shape tree: the distance field that analytic models, meshes and trained networks
/// combine into.
///
/// ```swift
/// let part = (Box(side: 1.5) & Sphere(radius: 1)) - Cylinder(radius: 0.5, height: 3)
/// let blob = Sphere(radius: 1).smoothUnion(Box(side: 1.2).translated(by: [1, 0, 0]), k: 0.3)
/// ```
///
/// The tree is compiled once into a `ShapeProgram` (a flat tape over 16-wide SIMD registers),
/// and evaluation runs in chunks of 256 points. `bounds` holds the whole solid; `accuracy` says
/// whether values are exact distances or a Lipschitz bound, and `warnings` name the operators
/// that weakened it.
public struct Shape: ShapeConvertible {
    /// The tree.
    public let node: ShapeNode
    /// A box containing the solid `{f ≤ 0}` and so the surface; components are infinite where
    /// the shape is unbounded (planes, repetitions without limits).
    public let bounds: AABB
    /// What the values promise (carried through every operator).
    public let accuracy: FieldAccuracy
    /// Human-readable notes on operators that weakened the distance bound or left the shape
    /// unbounded; callers show them to users (the CLI prints them as warnings).
    public let warnings: [String]
    /// The compiled program.
    public let program: ShapeProgram

    /// Compiles `node`.
    public init(_ node: ShapeNode) {
        self.node = node
        let analysis = ShapeAnalysis(node)
        bounds = analysis.bounds
        accuracy = analysis.accuracy
        warnings = analysis.warnings
        program = ProgramBuilder.compile(node)
    }

    /// Wraps any distance field (a `MeshDistanceField`, a `NeuralSDF`, …) as a primitive that
    /// takes part in CSG; it is evaluated in batches of 256 points.
    public init(wrapping field: any DistanceField, source: FieldSource? = nil) {
        self.init(.field(FieldReference(field, source: source)))
    }

    /// Itself (a `Shape` holds its compiled program already).
    public var shape: Shape { self }

    /// Whether every component of `bounds` is finite and the box is not empty.
    public var isBounded: Bool {
        !bounds.isEmpty && all(bounds.min .> -.infinity) && all(bounds.max .< .infinity)
    }

    /// Batched evaluation of the compiled program.
    public func distances(at points: UnsafeBufferPointer<SIMD3<Float>>, into distances: UnsafeMutableBufferPointer<Float>) {
        program.evaluate(points, into: distances)
    }

    /// Analytic gradients from the compiled program (forward mode through every instruction).
    public func gradients(at points: UnsafeBufferPointer<SIMD3<Float>>, into gradients: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        program.gradients(points, into: gradients)
    }
}
