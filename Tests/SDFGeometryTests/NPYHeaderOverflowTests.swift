import SDFGeometry
import SDFTestSupport
import Testing

/// Regression: shapes just under `Int.max / 4` values used to overflow when the header length
/// was added to the data size, trapping instead of throwing (found auditing the reader for
/// `make fuzz`).
@Suite struct NPYHeaderOverflowTests {
    @Test(arguments: ["(2305843009213693951,)", "(2305843009213693951, 1)", "(768614336404564650, 3)",
                      "(1, 2305843009213693951)"])
    func shapesAtTheLimitAreRefusedNotTrapped(shape: String) throws {
        let bytes = NPYBytes.float32Header(shape: shape)
        let error = #expect(throws: SDFError.self) {
            _ = try NPYHeader.parse(bytes, fileSize: bytes.count + 12, path: "limit.npy")
        }
        #expect(error?.description.contains("too large") == true, "\(error?.description ?? "")")
    }

    @Test func anOrdinaryHeaderStillParses() throws {
        let bytes = NPYBytes.float32Header(shape: "(4, 3)")
        let header = try NPYHeader.parse(bytes, fileSize: bytes.count + 48, path: "small.npy")
        #expect(header.shape == [4, 3] && header.dataOffset == bytes.count)
    }
}
