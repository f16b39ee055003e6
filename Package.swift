// swift-tools-version:6.0
import PackageDescription

// Each area of the project declares its targets in its own block below, so that the
// formats, plugins and tools can grow without touching one another's lines.

/// The `zoo` command, the library it is built on (`RNNZoo`), the benchmark and the core's tests.
let appTargets: [Target] = [
    .target(
        name: "RNNZoo",
        dependencies: [
            "KerasFormat",
            "ONNXFormat",
            "CheckpointFormat",
            "ZooBundleFormat",
            "ZooCatalog",
            .product(name: "ZooCore", package: "ZooCore"),
        ],
        path: "Sources/RNNZoo"
    ),
    .executableTarget(
        name: "ZooCLI",
        dependencies: [
            "RNNZoo",
            "KerasFormat",
            "ZooCatalog",
            .product(name: "ZooCore", package: "ZooCore"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/ZooCLI",
        plugins: [.plugin(name: "CoreBuildHash", package: "ZooCore")]
    ),
    .executableTarget(
        name: "ZooBench",
        dependencies: [
            "KerasFormat",
            .product(name: "ZooCore", package: "ZooCore"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/ZooBench"
    ),
    .testTarget(
        name: "ZooCLITests",
        dependencies: ["ZooCLI", "RNNZoo"],
        path: "Tests/ZooCLITests",
        exclude: ["OutOfTreePlugin"]
    ),
    .testTarget(
        name: "ZooCoreTests",
        dependencies: ["KerasFormat", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/ZooCoreTests",
        exclude: ["Fixtures"]
    ),
]

/// Plugins/: one dynamic library (`libZooPlugin<Name>.so`) per model family, loaded at run time
/// by the core's PluginHost; the host never links them.
let pluginNames = ["SimpleRNN", "LSTM", "GRU", "Sentiment", "Seq2Seq", "Attention", "Poetry", "Text", "Music"]
let pluginProducts: [Product] = pluginNames.map {
    .library(name: "ZooPlugin\($0)", type: .dynamic, targets: [$0 == "Poetry" ? "Poetry" : "\($0)Plugin"])
}
let pluginTargets: [Target] = pluginNames.filter { !["Poetry", "Text", "Music"].contains($0) }.map {
    .target(name: "\($0)Plugin", dependencies: [.product(name: "ZooCore", package: "ZooCore")], path: "Plugins/\($0)",
            plugins: [.plugin(name: "CoreBuildHash", package: "ZooCore")])
} + [
    .target(
        name: "TextPlugin",
        dependencies: [.product(name: "ZooCore", package: "ZooCore")],
        path: "Plugins/Text",
        plugins: [.plugin(name: "CoreBuildHash", package: "ZooCore")]
    ),
    .testTarget(
        name: "PluginTests",
        dependencies: [.product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/PluginTests"
    ),
]

/// Plugins/Poetry: the Tang poetry generator (constrained decoding, script conversion).
let poetryTargets: [Target] = [
    .target(
        name: "Poetry",
        dependencies: [.product(name: "ZooCore", package: "ZooCore")],
        path: "Plugins/Poetry",
        plugins: [.plugin(name: "CoreBuildHash", package: "ZooCore")]
    ),
    .testTarget(
        name: "PoetryTests",
        dependencies: ["Poetry", "KerasFormat", "ZooBundleFormat", "RNNZoo", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/PoetryTests"
    ),
]

/// Plugins/Music: the Bach chorale generator (sixteenth-grid encoding of four voices, constrained
/// decoding, MIDI and piano-roll output) and its training preset. The code is the library target
/// `Music` (Plugins/Music/Sources), which the tests link; `MusicPlugin` is only the plugin entry,
/// because two targets carrying plugin entry points cannot share the one test binary.
let musicTargets: [Target] = [
    .target(
        name: "Music",
        dependencies: ["MIDIFormat", .product(name: "ZooCore", package: "ZooCore")],
        path: "Plugins/Music/Sources"
    ),
    .target(
        name: "MusicPlugin",
        dependencies: ["Music", .product(name: "ZooCore", package: "ZooCore")],
        path: "Plugins/Music",
        exclude: ["Sources"],
        plugins: [.plugin(name: "CoreBuildHash", package: "ZooCore")]
    ),
    .testTarget(
        name: "MusicTests",
        dependencies: ["Music", "MIDIFormat", "KerasFormat", "ZooBundleFormat", "RNNZoo", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/MusicTests"
    ),
]

/// formats/HDF5: libhdf5 wrapper (Keras weight files).
let hdf5Targets: [Target] = [
    .systemLibrary(
        name: "CHDF5",
        path: "formats/HDF5/CHDF5",
        pkgConfig: "hdf5",
        providers: [.apt(["libhdf5-dev"])]
    ),
    .target(
        name: "HDF5",
        dependencies: ["CHDF5", .product(name: "ZooSupport", package: "ZooSupport")],
        path: "formats/HDF5/Sources"
    ),
    .testTarget(
        name: "HDF5Tests",
        dependencies: ["HDF5", .product(name: "ZooSupport", package: "ZooSupport")],
        path: "Tests/HDF5Tests"
    ),
]

/// formats/Archive: libarchive zip reading and writing (.keras archives, zoo bundles).
let archiveTargets: [Target] = [
    .systemLibrary(
        name: "CArchive",
        path: "formats/Archive/CArchive",
        pkgConfig: "libarchive",
        providers: [.apt(["libarchive-dev"])]
    ),
    .target(
        name: "Archive",
        dependencies: ["CArchive", .product(name: "ZooSupport", package: "ZooSupport")],
        path: "formats/Archive/Sources"
    ),
    .testTarget(
        name: "ArchiveTests",
        dependencies: ["Archive", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/ArchiveTests"
    ),
]

/// formats/Keras: the six Keras weight-file layouts (over HDF5 and Archive), read and written.
let kerasTargets: [Target] = [
    .target(
        name: "KerasFormat",
        dependencies: ["HDF5", "Archive", .product(name: "ZooCore", package: "ZooCore")],
        path: "formats/Keras/Sources"
    ),
    .testTarget(
        name: "KerasFormatTests",
        dependencies: ["KerasFormat", "ZooBundleFormat", "HDF5", "Archive", "RNNZoo", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/KerasFormatTests",
        exclude: ["Fixtures"]
    ),
]

/// formats/ZooBundle: the zoo bundle (.zoo), a .keras archive with the model card and data files.
let zooBundleTargets: [Target] = [
    .target(
        name: "ZooBundleFormat",
        dependencies: ["KerasFormat", "Archive", .product(name: "ZooCore", package: "ZooCore")],
        path: "formats/ZooBundle/Sources"
    ),
]

/// formats/Checkpoint: the RNNZoo training checkpoint (.zoockpt) as a registered format (the
/// reader and writer are the core's `Checkpoint`, which training uses).
let checkpointTargets: [Target] = [
    .target(
        name: "CheckpointFormat",
        dependencies: [.product(name: "ZooCore", package: "ZooCore")],
        path: "formats/Checkpoint/Sources"
    ),
]

/// formats/ONNX: ONNX export with native recurrent operators (swift-protobuf over a schema subset).
let onnxTargets: [Target] = [
    .target(
        name: "ONNXFormat",
        dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf"), .product(name: "ZooCore", package: "ZooCore")],
        path: "formats/ONNX/Sources"
    ),
    .testTarget(
        name: "ONNXFormatTests",
        dependencies: ["ONNXFormat", "KerasFormat", "ZooBundleFormat", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/ONNXFormatTests",
        exclude: ["Fixtures"]
    ),
]

/// Sources/ZooCatalog: model cards, registries (folder or HTTP), the verified model cache, fetch
/// and publish. FlyingFox serves test registries on 127.0.0.1 and is linked into the tests only.
let catalogTargets: [Target] = [
    .target(
        name: "ZooCatalog",
        dependencies: ["Archive", .product(name: "ZooCore", package: "ZooCore")],
        path: "Sources/ZooCatalog",
        exclude: ["README.md"],
        swiftSettings: [.unsafeFlags(["-O"])]
    ),
    .testTarget(
        name: "ZooCatalogTests",
        dependencies: ["ZooCatalog", "Archive", .product(name: "ZooCore", package: "ZooCore"), .product(name: "FlyingFox", package: "FlyingFox"),
                       .product(name: "FlyingSocks", package: "FlyingFox")],
        path: "Tests/ZooCatalogTests"
    ),
]

/// formats/MIDI: Standard MIDI File reading and writing.
let midiTargets: [Target] = [
    .target(
        name: "MIDIFormat",
        dependencies: [.product(name: "ZooSupport", package: "ZooSupport")],
        path: "formats/MIDI/Sources"
    ),
    .testTarget(
        name: "MIDIFormatTests",
        dependencies: ["MIDIFormat", .product(name: "ZooCore", package: "ZooCore")],
        path: "Tests/MIDIFormatTests"
    ),
]

let package = Package(
    name: "RNNZoo",
    products: [
        .library(name: "RNNZoo", targets: ["RNNZoo"]),
        .executable(name: "zoo", targets: ["ZooCLI"]),
        .executable(name: "zoo-bench", targets: ["ZooBench"]),
    ] + pluginProducts,
    dependencies: [
        .package(path: "Sources/ZooCore"),
        .package(path: "Sources/ZooCore/ZooSupport"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
    ],
    targets: appTargets + pluginTargets + poetryTargets + musicTargets + hdf5Targets + archiveTargets + kerasTargets + zooBundleTargets + checkpointTargets + onnxTargets + catalogTargets + midiTargets,
    swiftLanguageModes: [.v5]
)
