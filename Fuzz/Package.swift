// swift-tools-version: 6.1
//
// libFuzzer targets for every reader sdfkit owns. A separate package so that the root package
// never carries unsafe flags; `make fuzz` builds it with
// `swift build -c release -Xswiftc -sanitize=fuzzer,address` (the flags reach every module of
// the root package too, so coverage guidance sees the parsers) and runs each target for
// FUZZ_SECONDS. See docs/robustness.md.
import PackageDescription

// lld: gold aborts with an internal error when it links libFuzzer into a SwiftPM executable.
let fuzzLinking: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "sdfkit-fuzz",
    dependencies: [.package(name: "sdfkit", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "fuzz-mesh",
            dependencies: ["FuzzSupport", .product(name: "SDFKit", package: "sdfkit")],
            linkerSettings: fuzzLinking),
        .executableTarget(
            name: "fuzz-scene",
            dependencies: ["FuzzSupport", .product(name: "SDFKit", package: "sdfkit")],
            linkerSettings: fuzzLinking),
        .executableTarget(
            name: "fuzz-sdfnet",
            dependencies: ["FuzzSupport", .product(name: "SDFKit", package: "sdfkit")],
            linkerSettings: fuzzLinking),
        .executableTarget(
            name: "fuzz-npy",
            dependencies: ["FuzzSupport", .product(name: "SDFKit", package: "sdfkit")],
            linkerSettings: fuzzLinking),
    ]
)
