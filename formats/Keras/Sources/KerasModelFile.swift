import Archive
import Foundation
import HDF5
import ZooCore

/// A Keras model file of any of the six layouts, loaded into a zoo `Model`, and the writer of
/// the four layouts we produce. The layout is recognised by content; the architecture comes from
/// the file's own config, or for weights-only files from `architecture`.
public struct KerasModelFile {
    public let model: Model
    public let layout: KerasLayout
    /// The `keras_version` recorded in the file (nil for Keras 3 weights-only files).
    public let kerasVersion: String?

    /// The Keras version whose conventions our files follow.
    public static let writtenKerasVersion = "3.15.1"
    /// The Keras 2 (tf_keras) version written with `keras2`.
    public static let writtenKeras2Version = "2.21.0"

    /// Makes the model for a weights-only file; the argument says whether the file is from Keras 2.
    public typealias Architecture = (_ keras2: Bool) throws -> Model

    /// Loads `url`. Weights-only layouts need `architecture`; the error says so when it is missing.
    public static func load(_ url: URL, architecture: Architecture? = nil) throws -> KerasModelFile {
        do {
            return try loadUnlabelled(url, architecture: architecture)
        } catch let error as ZooError where !error.message.hasPrefix(url.path) {
            throw ZooError("\(url.path): \(error.message)")
        }
    }

    private static func loadUnlabelled(_ url: URL, architecture: Architecture?) throws -> KerasModelFile {
        let path = url.path
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ZooError("\(path): no such readable file") }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        try? handle.close()
        if head.starts(with: [0x50, 0x4b, 0x03, 0x04]) { return try KerasArchive.read(url) }
        guard head.starts(with: HDF5File.signature) else {
            throw ZooError("\(path): not a Keras file (neither a .keras zip archive nor HDF5)")
        }
        let file = try HDF5File.open(url)
        let root = try file.root()
        guard let layout = try KerasLayout.detect(root: root) else {
            throw ZooError("\(path): HDF5 file without a Keras layout (no model_weights/, layer_names or layers/)")
        }
        let version = try root.attribute("keras_version")?.stringValue
        let keras2 = layout == .keras2Model || layout == .keras2Weights
        switch layout {
        case .keras3LegacyModel, .keras2Model:
            guard let text = try root.attribute("model_config")?.stringValue else {
                throw ZooError("\(path): full-model file without a model_config attribute")
            }
            let config: JSONValue
            do { config = try JSONValue.parse(Data(text.utf8)) } catch { throw ZooError("\(path): model_config is not valid JSON (\(error))") }
            let model = try KerasConfigMeanings.model(config: config, keras2: keras2, weightsFromFile: true)
            try KerasLegacyWeights.read(group: try root.group("model_weights"), into: model)
            return KerasModelFile(model: model, layout: layout, kerasVersion: version)
        case .keras2Weights, .keras3Weights:
            guard let architecture else {
                throw ZooError("\(path): \(layout.rawValue) holds weights only; give the architecture (--preset NAME or --config model.json)")
            }
            let model = try architecture(keras2)
            if layout == .keras2Weights {
                try KerasLegacyWeights.read(group: root, into: model)
            } else {
                try KerasV3Weights.read(root: root, into: model)
            }
            return KerasModelFile(model: model, layout: layout, kerasVersion: version)
        case .keras3Archive, .keras2Archive:
            throw ZooError("\(path): unreachable layout")
        }
    }

    /// The layout a destination name asks for: `.keras`, `.weights.h5` or `.h5`; `keras2`
    /// selects the Keras 2 layouts for the HDF5 names.
    public static func layout(forWriting url: URL, keras2: Bool) throws -> KerasLayout {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".keras") {
            guard !keras2 else { throw ZooError("\(url.path): --keras2 applies to .h5 and .weights.h5 files; .keras is written for Keras 3") }
            return .keras3Archive
        }
        if name.hasSuffix(".weights.h5") { return keras2 ? .keras2Weights : .keras3Weights }
        if name.hasSuffix(".h5") || name.hasSuffix(".hdf5") { return keras2 ? .keras2Model : .keras3LegacyModel }
        throw ZooError("\(url.path): unknown Keras file type (use .keras, .weights.h5 or .h5)")
    }

    /// Writes `model` to `url` in the layout its name asks for (see `layout(forWriting:)`),
    /// atomically: a reader sees the old file or the whole new one. `float16` stores the weights
    /// as IEEE half precision (Keras and h5py read them back as float16 arrays).
    public static func save(_ model: Model, to url: URL, keras2: Bool = false, float16: Bool = false) throws {
        let layout = try layout(forWriting: url, keras2: keras2)
        let bytes: [UInt8]
        switch layout {
        case .keras3Archive, .keras2Archive:
            bytes = try KerasArchive.bytes(model, name: url.path, storage: float16 ? .float16 : .float32)
        default:
            bytes = try hdf5Bytes(model, layout: layout, name: url.path, storage: float16 ? .float16 : .float32)
        }
        try AtomicFile.write(Data(bytes), to: url)
    }

    /// The HDF5 image of `model` in one of the four HDF5 layouts.
    static func hdf5Bytes(_ model: Model, layout: KerasLayout, name: String, storage: HDF5FloatStorage = .float32) throws -> [UInt8] {
        let file = try HDF5File.createInMemory(name: name)
        let root = try file.root()
        switch layout {
        case .keras3Weights, .keras3Archive, .keras2Archive:
            try KerasV3Weights.write(model, root: root, storage: storage)
        case .keras2Weights:
            try KerasLegacyWeights.write(model, group: root, keras2: true, kerasVersion: writtenKeras2Version, storage: storage)
        case .keras3LegacyModel, .keras2Model:
            let keras2 = layout == .keras2Model
            let version = keras2 ? writtenKeras2Version : writtenKerasVersion
            try root.setAttribute("backend", .string("tensorflow"), utf8: true)
            try root.setAttribute("keras_version", .string(version), utf8: true)
            let config = keras2 ? try KerasConfigDialect.keras2(try model.kerasConfig())
                : try KerasConfigMigration.keras3Config(model)
            try root.setAttribute("model_config", .string(config.serialized()))
            try KerasLegacyWeights.write(model, group: try root.createGroup("model_weights"), keras2: keras2, kerasVersion: version, storage: storage)
        }
        return try file.bytes()
    }
}
