import SDFGeometry

/// Writes shape trees as scene-file JSON (the inverse of `SceneDecoder`).
struct SceneEncoder {
    func encode(_ node: ShapeNode, path: String) throws -> JSONValue {
        func object(_ type: String, _ members: [(String, JSONValue)]) -> JSONValue {
            .object([("type", .string(type))] + members)
        }
        func child(_ node: ShapeNode) throws -> (String, JSONValue) { ("child", try encode(node, path: path + ".child")) }
        switch node {
        case .sphere(let r): return object("sphere", [("radius", .float(r))])
        case .box(let h): return object("box", [("size", vector(h * 2))])
        case .roundedBox(let h, let r): return object("roundedBox", [("size", vector(h * 2)), ("radius", .float(r))])
        case .torus(let major, let minor):
            return object("torus", [("majorRadius", .float(major)), ("minorRadius", .float(minor))])
        case .capsule(let a, let b, let r): return object("capsule", [("from", vector(a)), ("to", vector(b)), ("radius", .float(r))])
        case .cylinder(let r, let h): return object("cylinder", [("radius", .float(r)), ("height", .float(h * 2))])
        case .roundedCylinder(let r, let h, let rounding):
            return object("roundedCylinder", [("radius", .float(r)), ("height", .float(h * 2)), ("rounding", .float(rounding))])
        case .cone(let h, let r1, let r2):
            return object("cone", [("height", .float(h * 2)), ("bottomRadius", .float(r1)), ("topRadius", .float(r2))])
        case .plane(let n, let d): return object("plane", [("normal", vector(n)), ("offset", .float(d))])
        case .ellipsoid(let r): return object("ellipsoid", [("radii", vector(r))])
        case .octahedron(let s): return object("octahedron", [("size", .float(s))])
        case .pyramid(let base, let height): return object("pyramid", [("base", .float(base)), ("height", .float(height))])
        case .tetrahedron(let s): return object("tetrahedron", [("size", .float(s))])
        case .extrusion(let profile, let h):
            return object("extrude", [("height", .float(h * 2)), ("profile", encode(profile))])
        case .revolution(let profile, let offset):
            return object("revolve", [("offset", .float(offset)), ("profile", encode(profile))])
        case .field(let reference):
            guard let source = reference.source else {
                throw SDFError("\(path): a field built in code has no file to refer to and cannot be written to a scene")
            }
            return object(source.kind.rawValue, [("path", .string(source.path))])

        case .union(let children, let blend):
            return object("union", blendMembers(blend) + [("children", try encode(children, path: path))])
        case .intersection(let children, let blend):
            return object("intersection", blendMembers(blend) + [("children", try encode(children, path: path))])
        case .difference(var base, let cut, let blend):
            // a − b − c is written as one node with children [a, b, c].
            var cuts = [cut]
            while case .difference(let inner, let innerCut, let innerBlend) = base, innerBlend == blend {
                cuts.insert(innerCut, at: 0)
                base = inner
            }
            return object("difference", blendMembers(blend) + [("children", try encode([base] + cuts, path: path))])

        case .translation(let c, let offset): return object("translate", [("offset", vector(offset)), try child(c)])
        case .rotation(let c, let rotation):
            let q = rotation.quaternion
            return object("rotate", [("quaternion", .array([.float(q.x), .float(q.y), .float(q.z), .float(q.w)])), try child(c)])
        case .uniformScale(let c, let s): return object("scale", [("factor", .float(s)), try child(c)])
        case .scale(let c, let s): return object("scale", [("factor", vector(s)), try child(c)])
        case .repetition(let c, let period, let limit):
            return object("repeat", [("period", vector(period))] + (limit.map { [("limit", vector($0))] } ?? []) + [try child(c)])
        case .mirror(let c, let axes):
            let names = ["x", "y", "z"].enumerated().filter { axes.contains(axis: $0.offset) }.map { JSONValue.string($0.element) }
            return object("mirror", [("axes", .array(names)), try child(c)])
        case .twist(let c, let rate): return object("twist", [("rate", .float(rate)), try child(c)])
        case .bend(let c, let rate): return object("bend", [("rate", .float(rate)), try child(c)])
        case .elongation(let c, let h): return object("elongate", [("by", vector(h)), try child(c)])
        case .shell(let c, let thickness): return object("shell", [("thickness", .float(thickness)), try child(c)])
        case .offset(let c, let distance):
            return object(distance >= 0 ? "dilate" : "erode", [("radius", .float(abs(distance))), try child(c)])
        }
    }

    private func encode(_ children: [ShapeNode], path: String) throws -> JSONValue {
        .array(try children.enumerated().map { try encode($0.element, path: "\(path).children[\($0.offset)]") })
    }

    private func blendMembers(_ blend: Blend) -> [(String, JSONValue)] {
        switch blend {
        case .sharp: return []
        case .smooth(let k): return [("smooth", .float(k))]
        case .chamfer(let k): return [("chamfer", .float(k))]
        }
    }

    private func encode(_ node: ProfileNode) -> JSONValue {
        func object(_ type: String, _ members: [(String, JSONValue)]) -> JSONValue {
            .object([("type", .string(type))] + members)
        }
        switch node {
        case .circle(let r): return object("circle", [("radius", .float(r))])
        case .rectangle(let h): return object("rectangle", [("size", vector(h * 2))])
        case .roundedRectangle(let h, let r): return object("roundedRectangle", [("size", vector(h * 2)), ("radius", .float(r))])
        case .polygon(let vertices): return object("polygon", [("points", .array(vertices.map(vector)))])
        case .union(let children): return object("union", [("children", .array(children.map(encode)))])
        case .intersection(let children): return object("intersection", [("children", .array(children.map(encode)))])
        case .difference(let base, let cut): return object("difference", [("children", .array([encode(base), encode(cut)]))])
        case .translation(let c, let offset): return object("translate", [("offset", vector(offset)), ("child", encode(c))])
        }
    }

    private func vector(_ v: SIMD3<Float>) -> JSONValue { .array([.float(v.x), .float(v.y), .float(v.z)]) }
    private func vector(_ v: SIMD2<Float>) -> JSONValue { .array([.float(v.x), .float(v.y)]) }
}
