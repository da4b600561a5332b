/// A scalar type hash tables can be stored in; values are widened to `Float` for accumulation.
public protocol TableScalar: Sendable {
    /// The value widened to `Float`.
    var floatValue: Float { get }
    /// The nearest representable value.
    init(_ value: Float)
}

extension Float: TableScalar {
    @inlinable public var floatValue: Float { self }
}

extension Float16: TableScalar {
    @inlinable public var floatValue: Float { Float(self) }
}
