// swift-tools-version:6.0
// ZooSupport: the few pieces the small format libraries (formats/HDF5, Archive, MIDI) need from
// the core — the error type, OS error text, atomic file writes and shape helpers — as ONE dynamic
// library (libZooSupport.so). It is its own package for the same reason the core is (see
// ../../../../shared/DESIGN.md, "Why the core is a nested package"): libZooCore.so depends on this
// product instead of embedding a copy, so `ZooError` exists once in a process and
// `catch let error as ZooError` works across the formats, the core, the plugins and the host.
import PackageDescription

let package = Package(
    name: "ZooSupport",
    products: [
        .library(name: "ZooSupport", type: .dynamic, targets: ["ZooSupport"]),
    ],
    targets: [
        .target(
            name: "ZooSupport",
            path: "Sources",
            swiftSettings: [.unsafeFlags(["-O"])],
            linkerSettings: [.unsafeFlags(["-Xlinker", "-soname=libZooSupport.so"])]
        ),
    ],
    swiftLanguageModes: [.v5]
)
