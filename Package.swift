// swift-tools-version: 6.1
//
// sdfkit — signed-distance-field modelling, neural SDFs on a simplex lattice, and mesh extraction.
//
// CPU tuning flags are deliberately *not* set here (unsafe flags would stop SDFKit from being
// usable as a versioned dependency). The Makefile passes `-Xswiftc -target-cpu …`; without a
// target CPU, SIMD FMA and Float16 conversions lower to library calls and kernels run ~100× slower.
import PackageDescription

let package = Package(
    name: "sdfkit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SDFKit", targets: ["SDFKit"]),
        .executable(name: "sdfkit", targets: ["sdfkit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - System libraries (Debian packages; `make setup` installs them)
        .systemLibrary(name: "CAssimp", pkgConfig: "assimp", providers: [.apt(["libassimp-dev"])]),
        .systemLibrary(name: "CMeshOptimizer", providers: [.apt(["libmeshoptimizer-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // glibc's `mallopt`, for the command-line tool's allocator policy (Linux only).
        .systemLibrary(name: "CMalloc"),

        // MARK: - Library modules, one per pipeline stage
        .target(name: "SDFGeometry"),
        .target(name: "SDFMeshIO", dependencies: ["SDFGeometry", "CAssimp"]),
        .target(name: "SDFDistance", dependencies: ["SDFGeometry"]),
        .target(name: "SDFNeural", dependencies: ["SDFGeometry", "SDFDistance"]),
        .target(name: "SDFExtraction", dependencies: ["SDFGeometry", "CMeshOptimizer"]),
        .target(
            name: "SDFModelling",
            dependencies: ["SDFGeometry", "SDFMeshIO", "SDFDistance", "SDFNeural"]),
        .target(name: "SDFRender", dependencies: ["SDFGeometry", "SDFDistance", "CPNG"]),
        .target(
            name: "SDFKit",
            dependencies: [
                "SDFGeometry", "SDFMeshIO", "SDFDistance", "SDFNeural", "SDFExtraction",
                "SDFModelling", "SDFRender",
            ]),

        // MARK: - Command-line tool (a thin layer over SDFKit)
        .target(
            name: "SDFKitCLI",
            dependencies: [
                "SDFKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "sdfkit", dependencies: ["SDFKitCLI", "CMalloc"]),

        // MARK: - Examples
        .executableTarget(
            name: "make-knot-example", dependencies: ["SDFGeometry", "SDFMeshIO"], path: "Examples/MakeKnot"),

        .executableTarget(name: "csg-part-example", dependencies: ["SDFKit"], path: "Examples/CSGPart"),
        .executableTarget(name: "organic-blend-example", dependencies: ["SDFKit"], path: "Examples/OrganicBlend"),
        .executableTarget(name: "network-cut-example", dependencies: ["SDFKit"], path: "Examples/NetworkCut"),

        // MARK: - Benchmarks (release: `swift run -c release … modelling-benchmark`)
        .executableTarget(
            name: "modelling-benchmark", dependencies: ["SDFKit"], path: "Benchmarks/ModellingBenchmark"),
        .executableTarget(
            name: "mesh-benchmark", dependencies: ["SDFGeometry", "SDFMeshIO", "SDFTestSupport"], path: "Benchmarks/MeshBenchmark"),

        // MARK: - Tests (Swift Testing), one target per module
        .target(name: "SDFTestSupport", dependencies: ["SDFGeometry"], path: "Tests/SDFTestSupport"),
        .testTarget(name: "SDFGeometryTests", dependencies: ["SDFGeometry", "SDFTestSupport"]),
        .testTarget(name: "SDFMeshIOTests", dependencies: ["SDFMeshIO", "CAssimp", "SDFTestSupport"]),
        .testTarget(name: "SDFDistanceTests", dependencies: ["SDFDistance", "SDFMeshIO", "SDFTestSupport"]),
        .testTarget(name: "SDFNeuralTests", dependencies: ["SDFNeural", "SDFTestSupport"]),
        .testTarget(name: "SDFExtractionTests", dependencies: ["SDFExtraction", "SDFDistance", "SDFTestSupport"]),
        .testTarget(name: "SDFModellingTests", dependencies: ["SDFModelling", "SDFExtraction", "SDFTestSupport"]),
        .testTarget(name: "SDFRenderTests", dependencies: ["SDFRender", "SDFDistance", "SDFTestSupport"]),
        .testTarget(name: "SDFKitCLITests", dependencies: ["SDFKitCLI", "SDFKit", "SDFTestSupport"]),
    ]
)
