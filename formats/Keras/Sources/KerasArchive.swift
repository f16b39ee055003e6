import Archive
import Foundation
import HDF5
import ZooCore

/// The `.keras` zip archive (Keras 3 and tf_keras): `metadata.json` (keras_version),
/// `config.json` (the model config) and `model.weights.h5` (the Keras 3 weight layout), written
/// stored (uncompressed) as Keras writes them; read stored or deflated. Other members (a zoo
/// bundle's card and vocabulary) are left alone.
public enum KerasArchive {
    /// Reads the archive at `url`; `zip` is the archive already opened (a zoo bundle's). Every
    /// error names the archive, for a bundle's readers too (`url: …`; `url:model.weights.h5…` for what libhdf5 reports).
    public static func read(_ url: URL, zip opened: ZipReader? = nil) throws -> KerasModelFile {
        let zip = try opened ?? ZipReader(contentsOf: url)
        if let unsafe = zip.firstUnsafeMember {
            throw ZooError("\(url.path): member '\(unsafe.path)' \(unsafe.reason); a Keras archive holds plain files under relative paths")
        }
        for member in ["metadata.json", "config.json", "model.weights.h5"] where !zip.contains(member) {
            throw ZooError("\(url.path): not a .keras archive (no member '\(member)')")
        }
        let metadata = try json(zip, "metadata.json", url)
        let version = metadata["keras_version"]?.stringValue
        let keras2 = version.map { $0.hasPrefix("2") || $0.hasPrefix("1") } ?? false
        let config = try json(zip, "config.json", url)
        let model: Model
        do {
            model = try KerasConfigMeanings.model(config: config, keras2: keras2, weightsFromFile: true)
        } catch let error as ZooError {
            throw ZooError("\(url.path): \(error.message)")
        }
        // The weights are streamed to a file without a name and read from there, so importing a
        // large model holds its weights once in memory, not the archive member too, and an
        // interrupted import (even kill -9) leaves no file behind: it has a name only while
        // libhdf5 opens it.
        let weights = try AnonymousFile(in: FileManager.default.temporaryDirectory)
        try zip.copy("model.weights.h5", into: weights.handle, atMost: maximumWeightsBytes(model),
                     reason: "what the weights of a model of \(Model.grouped(model.parameterCount)) parameters can take")
        var path = ""
        do {
            let file = try weights.named { url in
                path = url.path
                return try HDF5File.open(url)
            }
            try KerasV3Weights.read(root: try file.root(), into: model)
        } catch let error as ZooError {
            guard !path.isEmpty, error.message.contains(path) else { throw ZooError("\(url.path): \(error.message)") }
            throw ZooError(error.message.replacingOccurrences(of: path, with: "\(url.path):model.weights.h5"))
        }
        return KerasModelFile(model: model, layout: keras2 ? .keras2Archive : .keras3Archive, kerasVersion: version)
    }

    /// The most bytes a `.keras` archive's JSON members (config, metadata) may hold: a config of
    /// thousands of layers takes a few megabytes.
    public static let maximumJSONBytes = 64 << 20

    /// The most bytes `model.weights.h5` may hold for `model`: every weight as float64 with two
    /// optimizer slots of its size (Keras 3 saves Adam's state beside the weights), plus 16 MiB of
    /// HDF5 structure — so a small archive cannot unpack into gigabytes on disk.
    static func maximumWeightsBytes(_ model: Model) -> Int {
        let (bytes, overflow) = model.parameterCount.multipliedReportingOverflow(by: 3 * 8)
        return overflow ? Int.max : bytes + (16 << 20)
    }

    private static func json(_ zip: ZipReader, _ member: String, _ url: URL) throws -> JSONValue {
        do { return try JSONValue.parse(Data(try zip.read(member, atMost: maximumJSONBytes, reason: "the limit for a JSON member"))) } catch let e as ZooError where e.message.hasPrefix(url.path) {
            throw e
        } catch {
            throw ZooError("\(url.path):\(member): not valid JSON (\(error))")
        }
    }

    /// The archive bytes for `model` (Keras 3 conventions), with `extra` members appended; every
    /// member stored uncompressed as Keras does, or with `compression`.
    public static func bytes(_ model: Model, name: String, extra: [(String, [UInt8])] = [], storage: HDF5FloatStorage = .float32,
                             compression: ZipCompression = .stored) throws -> [UInt8] {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let metadata: JSONValue = ["keras_version": .string(KerasModelFile.writtenKerasVersion),
                                   "date_saved": .string(formatter.string(from: Date()))]
        var zip = ZipWriter(compression: compression)
        zip.add("metadata.json", data: Array(metadata.serialized().utf8))
        zip.add("config.json", data: Array(try KerasConfigMigration.keras3Config(model).serialized().utf8))
        zip.add("model.weights.h5", data: try KerasModelFile.hdf5Bytes(model, layout: .keras3Weights, name: "\(name):model.weights.h5", storage: storage))
        for (path, data) in extra { zip.add(path, data: data) }
        return try zip.bytes()
    }
}
