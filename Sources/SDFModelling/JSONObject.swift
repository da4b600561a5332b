import Foundation
import SDFGeometry

/// A JSON object being validated: typed accessors that throw errors naming the JSON path, and a
/// record of the keys read so that unknown (misspelt) keys are reported.
final class JSONObject {
    let path: String
    private let members: [String: Any]
    private var used: Set<String> = []

    init(_ json: Any, path: String) throws {
        guard let members = json as? [String: Any] else { throw SDFError("\(path): must be an object") }
        self.members = members
        self.path = path
    }

    /// An error about member `key`.
    func error(_ key: String, _ reason: String) -> SDFError { SDFError("\(path).\(key): \(reason)") }

    func required(_ key: String) throws -> Any {
        used.insert(key)
        guard let value = members[key], !(value is NSNull) else { throw error(key, "missing") }
        return value
    }

    private func optional(_ key: String) -> Any? {
        used.insert(key)
        guard let value = members[key], !(value is NSNull) else { return nil }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let s = try required(key) as? String else { throw error(key, "must be a string") }
        return s
    }

    func array(_ key: String) throws -> [Any] {
        guard let a = try required(key) as? [Any] else { throw error(key, "must be an array") }
        return a
    }

    func optionalArray(_ key: String) throws -> [Any]? {
        guard let value = optional(key) else { return nil }
        guard let a = value as? [Any] else { throw error(key, "must be an array") }
        return a
    }

    func number(_ key: String) throws -> Float {
        try Self.number(required(key), path: "\(path).\(key)")
    }

    func optionalNumber(_ key: String) throws -> Float? {
        try optional(key).map { try Self.number($0, path: "\(path).\(key)") }
    }

    func positive(_ key: String) throws -> Float {
        let v = try number(key)
        guard v > 0 else { throw error(key, "must be positive") }
        return v
    }

    func nonNegative(_ key: String) throws -> Float {
        let v = try number(key)
        guard v >= 0 else { throw error(key, "must not be negative") }
        return v
    }

    func vector3(_ key: String) throws -> SIMD3<Float> {
        let v = try Self.vector(required(key), count: 3, path: "\(path).\(key)")
        return SIMD3(v[0], v[1], v[2])
    }

    func optionalVector3(_ key: String) throws -> SIMD3<Float>? {
        try optionalVector(key, count: 3).map { SIMD3($0[0], $0[1], $0[2]) }
    }

    func optionalVector(_ key: String, count: Int) throws -> [Float]? {
        try optional(key).map { try Self.vector($0, count: count, path: "\(path).\(key)") }
    }

    /// A 3-vector if the member is an array, nil if it is a number (left for `number`).
    func optionalVectorOrNil(_ key: String) throws -> SIMD3<Float>? {
        guard let value = members[key], value is [Any] else { return nil }
        return try vector3(key)
    }

    func positiveVector3(_ key: String) throws -> SIMD3<Float> {
        let v = try vector3(key)
        guard all(v .> 0) else { throw error(key, "must be positive") }
        return v
    }

    func positiveVector2(_ key: String) throws -> SIMD2<Float> {
        let v = try Self.vector(required(key), count: 2, path: "\(path).\(key)")
        guard v[0] > 0 && v[1] > 0 else { throw error(key, "must be positive") }
        return SIMD2(v[0], v[1])
    }

    /// Fails on a member that no accessor asked for (a typo or an unsupported option).
    func rejectUnknownKeys() throws {
        if let unknown = members.keys.sorted().first(where: { !used.contains($0) }) {
            throw error(unknown, "unknown field")
        }
    }

    static func number(_ json: Any, path: String) throws -> Float {
        let value: Double
        switch json {
        case let d as Double: value = d
        case let i as Int: value = Double(i)
        case let n as NSNumber: value = n.doubleValue
        default: throw SDFError("\(path): must be a number")
        }
        let v = Float(value)
        guard v.isFinite else { throw SDFError("\(path): must be a finite single-precision number") }
        return v
    }

    static func vector(_ json: Any, count: Int, path: String) throws -> [Float] {
        guard let items = json as? [Any], items.count == count else {
            throw SDFError("\(path): must be an array of \(count) numbers")
        }
        return try items.enumerated().map { try number($0.element, path: "\(path)[\($0.offset)]") }
    }
}
