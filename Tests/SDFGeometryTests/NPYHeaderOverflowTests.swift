import SDFGeometry
import Testing

/// Regression: shapes just under `Int.max / 4` values used to overflow when the header length
/// was added to the data size, trapping instead of throwing (found auditing the reader for
/// `make fuzz`).
@Suite struct NPYHeaderOverflowTests {
    static func header(shape: String) -> [UInt8] {
        var text = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }".utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
    }

    @Test(arguments: ["(2305843009213693951,)", "(2305843009213693951, 1)", "(768614336404564650, 3)",
                      "(1, 2305843009213693951)"])
    func shapesAtTheLimitAreRefusedNotTrapped(shape: String) throws {
        let bytes = Self.header(shape: shape)
        let error = #expect(throws: SDFError.self) {
            _ = try NPYHeader.parse(bytes, fileSize: bytes.count + 12, path: "limit.npy")
        }
        #expect(error?.description.contains("too large") == true, "\(error?.description ?? "")")
    }

    @Test func anOrdinaryHeaderStillParses() throws {
        let bytes = Self.header(shape: "(4, 3)")
        let header = try NPYHeader.parse(bytes, fileSize: bytes.count + 48, path: "small.npy")
        #expect(header.shape == [4, 3] && header.dataOffset == bytes.count)
    }
}
