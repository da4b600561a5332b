import Foundation
import SDFGeometry

/// Reads scene-file JSON into a shape tree, validating every node; errors name the JSON path.
struct SceneDecoder {
    let directory: String
    let resolver: SceneFile.FieldResolver

    func decodeDocument(_ json: Any) throws -> ShapeNode {
        let document = try JSONObject(json, path: "$")
        if let version = try document.optionalNumber("version") {
            guard version == Float(SceneFile.version) else {
                throw SDFError("$.version: unsupported version \(version) (this build reads \(SceneFile.version))")
            }
        }
        let root = try decode(document.required("root"), path: "$.root", depth: 1)
        try document.rejectUnknownKeys()
        return root
    }

    private func decode(_ json: Any, path: String, depth: Int) throws -> ShapeNode {
        guard depth <= SceneFile.maximumDepth else {
            throw SDFError("\(path): nesting is deeper than \(SceneFile.maximumDepth) levels")
        }
        let o = try JSONObject(json, path: path)
        let type = try o.string("type")
        func child() throws -> ShapeNode { try decode(o.required("child"), path: path + ".child", depth: depth + 1) }
        func children(minimum: Int) throws -> [ShapeNode] {
            let items = try o.array("children")
            guard items.count >= minimum else { throw o.error("children", "needs at least \(minimum) children") }
            return try items.enumerated().map { try decode($0.element, path: "\(path).children[\($0.offset)]", depth: depth + 1) }
        }
        func placed(_ node: ShapeNode) throws -> ShapeNode {
            guard let center = try o.optionalVector3("center") else { return node }
            return center == .zero ? node : .translation(node, offset: center)
        }

        let node: ShapeNode
        switch type {
        case "sphere": node = try placed(.sphere(radius: o.positive("radius")))
        case "box": node = try placed(.box(halfSize: o.positiveVector3("size") / 2))
        case "roundedBox":
            let size = try o.positiveVector3("size")
            let radius = try o.nonNegative("radius")
            guard radius <= size.min() / 2 else { throw o.error("radius", "must be at most half the smallest size") }
            node = try placed(.roundedBox(halfSize: size / 2, radius: radius))
        case "torus": node = .torus(majorRadius: try o.positive("majorRadius"), minorRadius: try o.positive("minorRadius"))
        case "capsule": node = .capsule(a: try o.vector3("from"), b: try o.vector3("to"), radius: try o.positive("radius"))
        case "cylinder": node = try placed(.cylinder(radius: o.positive("radius"), halfHeight: o.positive("height") / 2))
        case "roundedCylinder":
            let radius = try o.positive("radius"), height = try o.positive("height"), rounding = try o.nonNegative("rounding")
            guard rounding <= min(radius, height / 2) else { throw o.error("rounding", "must be at most the radius and half the height") }
            node = try placed(.roundedCylinder(radius: radius, halfHeight: height / 2, rounding: rounding))
        case "cone":
            let height = try o.positive("height"), bottom = try o.nonNegative("bottomRadius"), top = try o.nonNegative("topRadius")
            guard bottom + top > 0 else { throw o.error("bottomRadius", "one of the radii must be positive") }
            node = .cone(halfHeight: height / 2, bottomRadius: bottom, topRadius: top)
        case "plane":
            let normal = try o.vector3("normal")
            guard length(normal) > 1e-12 else { throw o.error("normal", "must not be zero") }
            node = .plane(normal: normalizedOrZero(normal), offset: try o.optionalNumber("offset") ?? 0)
        case "ellipsoid": node = .ellipsoid(radii: try o.positiveVector3("radii"))
        case "octahedron": node = .octahedron(size: try o.positive("size"))
        case "pyramid": node = .pyramid(base: try o.positive("base"), height: try o.positive("height"))
        case "tetrahedron": node = .tetrahedron(size: try o.positive("size"))
        case "extrude":
            node = .extrusion(try decodeProfile(o.required("profile"), path: path + ".profile", depth: depth + 1),
                              halfHeight: try o.positive("height") / 2)
        case "revolve":
            node = .revolution(try decodeProfile(o.required("profile"), path: path + ".profile", depth: depth + 1),
                               offset: try o.optionalNumber("offset") ?? 0)
        case "mesh", "network":
            let kind: FieldSource.Kind = type == "mesh" ? .mesh : .network
            let written = try o.string("path")
            let resolved = written.hasPrefix("/") ? written : (directory as NSString).appendingPathComponent(written)
            guard FileManager.default.fileExists(atPath: resolved) else { throw o.error("path", "file not found: \(resolved)") }
            let source = FieldSource(kind: kind, path: written)
            do {
                node = .field(FieldReference(try resolver(source, resolved), source: source))
            } catch let error as SDFError {
                throw o.error("path", error.description)
            }

        case "union", "intersection", "difference":
            let blend = try decodeBlend(o)
            let items = try children(minimum: type == "difference" ? 2 : 1)
            switch type {
            case "union": node = .union(items, blend: blend)
            case "intersection": node = .intersection(items, blend: blend)
            default: node = items.dropFirst().reduce(items[0]) { .difference($0, $1, blend: blend) }
            }
        case "clip":
            let lo = try o.vector3("min"), hi = try o.vector3("max")
            guard all(hi .> lo) else { throw o.error("max", "must be greater than min on every axis") }
            node = .intersection([try child(), .translation(.box(halfSize: (hi - lo) / 2), offset: (hi + lo) / 2)], blend: .sharp)
        case "translate": node = .translation(try child(), offset: try o.vector3("offset"))
        case "rotate": node = .rotation(try child(), try decodeRotation(o))
        case "orient":
            let direction = try o.vector3("direction")
            guard length(direction) > 1e-12 else { throw o.error("direction", "must not be zero") }
            node = .rotation(try child(), Rotation(aligningZTo: direction))
        case "scale":
            if let factors = try o.optionalVectorOrNil("factor") {
                guard all(factors .> 0) else { throw o.error("factor", "must be positive") }
                node = .scale(try child(), factors: factors)
            } else {
                node = .uniformScale(try child(), factor: try o.positive("factor"))
            }
        case "repeat":
            let period = try o.vector3("period")
            guard all(period .>= 0), period.max() > 0 else { throw o.error("period", "must be non-negative with at least one positive component") }
            let limit = try o.optionalVector3("limit")
            if let limit, !(all(limit .>= 0) && all(limit .== limit.rounded(.down))) {
                throw o.error("limit", "must hold non-negative whole numbers")
            }
            node = .repetition(try child(), period: period, limit: limit)
        case "mirror":
            var axes: AxisSet = []
            for (i, item) in try o.array("axes").enumerated() {
                switch item as? String {
                case "x": axes.insert(.x)
                case "y": axes.insert(.y)
                case "z": axes.insert(.z)
                default: throw SDFError("\(path).axes[\(i)]: must be \"x\", \"y\" or \"z\"")
                }
            }
            guard !axes.isEmpty else { throw o.error("axes", "must name at least one axis") }
            node = .mirror(try child(), axes: axes)
        case "twist": node = .twist(try child(), rate: try o.number("rate"))
        case "bend": node = .bend(try child(), rate: try o.number("rate"))
        case "elongate":
            let by = try o.vector3("by")
            guard all(by .>= 0) else { throw o.error("by", "must be non-negative") }
            node = .elongation(try child(), halfLengths: by)
        case "shell": node = .shell(try child(), thickness: try o.positive("thickness"))
        case "dilate": node = .offset(try child(), distance: try o.nonNegative("radius"))
        case "erode": node = .offset(try child(), distance: -(try o.nonNegative("radius")))
        default:
            throw o.error("type", "unknown node type \"\(type)\"")
        }
        try o.rejectUnknownKeys()
        return node
    }

    private func decodeBlend(_ o: JSONObject) throws -> Blend {
        let smooth = try o.optionalNumber("smooth"), chamfer = try o.optionalNumber("chamfer")
        switch (smooth, chamfer) {
        case (nil, nil): return .sharp
        case (let k?, nil):
            guard k > 0 else { throw o.error("smooth", "must be positive") }
            return .smooth(k)
        case (nil, let k?):
            guard k > 0 else { throw o.error("chamfer", "must be positive") }
            return .chamfer(k)
        default: throw o.error("chamfer", "use either smooth or chamfer, not both")
        }
    }

    private func decodeRotation(_ o: JSONObject) throws -> Rotation {
        if let q = try o.optionalVector("quaternion", count: 4) {
            guard q.contains(where: { $0 != 0 }) else { throw o.error("quaternion", "must not be zero") }
            return Rotation(quaternion: SIMD4(q[0], q[1], q[2], q[3]))
        }
        if let rows = try o.optionalArray("matrix") {
            guard rows.count == 3 else { throw o.error("matrix", "must have 3 rows") }
            let r = try rows.enumerated().map { try JSONObject.vector($0.element, count: 3, path: "\(o.path).matrix[\($0.offset)]") }
            guard let rotation = Rotation(rows: (SIMD3(r[0][0], r[0][1], r[0][2]), SIMD3(r[1][0], r[1][1], r[1][2]),
                                                 SIMD3(r[2][0], r[2][1], r[2][2]))) else {
                throw o.error("matrix", "must be a rotation (orthonormal rows, determinant 1)")
            }
            return rotation
        }
        let axis = try o.vector3("axis")
        guard length(axis) > 1e-12 else { throw o.error("axis", "must not be zero") }
        return Rotation(axis: axis, angle: try o.number("degrees") * .pi / 180)
    }

    private func decodeProfile(_ json: Any, path: String, depth: Int) throws -> ProfileNode {
        guard depth <= SceneFile.maximumDepth else {
            throw SDFError("\(path): nesting is deeper than \(SceneFile.maximumDepth) levels")
        }
        let o = try JSONObject(json, path: path)
        func children(minimum: Int) throws -> [ProfileNode] {
            let items = try o.array("children")
            guard items.count >= minimum else { throw o.error("children", "needs at least \(minimum) children") }
            return try items.enumerated().map { try decodeProfile($0.element, path: "\(path).children[\($0.offset)]", depth: depth + 1) }
        }
        let node: ProfileNode
        switch try o.string("type") {
        case "circle": node = .circle(radius: try o.positive("radius"))
        case "rectangle": node = .rectangle(halfSize: try o.positiveVector2("size") / 2)
        case "roundedRectangle":
            let size = try o.positiveVector2("size"), radius = try o.nonNegative("radius")
            guard radius <= size.min() / 2 else { throw o.error("radius", "must be at most half the smaller side") }
            node = .roundedRectangle(halfSize: size / 2, radius: radius)
        case "polygon":
            let points = try o.array("points")
            guard points.count >= 3 else { throw o.error("points", "needs at least 3 points") }
            node = .polygon(try points.enumerated().map {
                let v = try JSONObject.vector($0.element, count: 2, path: "\(path).points[\($0.offset)]")
                return SIMD2(v[0], v[1])
            })
        case "union": node = .union(try children(minimum: 1))
        case "intersection": node = .intersection(try children(minimum: 1))
        case "difference":
            let items = try children(minimum: 2)
            node = items.dropFirst().reduce(items[0]) { .difference($0, $1) }
        case "translate":
            let v = try JSONObject.vector(o.required("offset"), count: 2, path: path + ".offset")
            node = .translation(try decodeProfile(o.required("child"), path: path + ".child", depth: depth + 1), offset: SIMD2(v[0], v[1]))
        case let other:
            throw o.error("type", "unknown profile type \"\(other)\"")
        }
        try o.rejectUnknownKeys()
        return node
    }
}
