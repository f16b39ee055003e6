import Foundation
import HDF5
import ZooCore

/// The Keras formats as one registered format: the six layouts read by content (a zip archive
/// or an HDF5 file, whatever its name), written by name (`.keras`, `.weights.h5`, `.h5`/`.hdf5`).
public enum KerasModelFormat {
    /// The zip local-file signature a `.keras` archive starts with.
    static let zipSignature: [UInt8] = [0x50, 0x4b, 0x03, 0x04]

    /// The registration: reads every layout, writes the four we produce (`keras2` for the Keras 2
    /// layouts, `float16` for half-precision weights).
    public static let format = ModelFormat(
        name: "Keras", extensions: ["keras", "weights.h5", "h5", "hdf5"],
        summary: "Keras 3 and tf_keras models and weights (.keras zip archives and HDF5 files, six layouts)",
        sniff: { head, _ in head.starts(with: zipSignature) || head.starts(with: HDF5File.signature) },
        read: { url, options in
            let file = try KerasModelFile.load(url, architecture: architecture(options))
            return LoadedModel(model: file.model, description: file.layout.rawValue + (file.kerasVersion.map { " (keras \($0))" } ?? ""))
        },
        write: { request in
            try KerasModelFile.save(request.model, to: request.destination, keras2: request.options.flag("keras2"),
                                    float16: request.options.flag("float16"))
            return [request.destination]
        },
        writeOptions: [
            FormatOption("keras2", help: "Write the Keras 2 (tf_keras) layout: .h5 full model or .weights.h5 weights only."),
            FormatOption("float16", help: "Store the weights as float16."),
        ]
    )

    /// A weights-only file's architecture from the read's options: their config read with the
    /// file's meanings (tf_keras's for a Keras 2 weights file), else their model.
    static func architecture(_ options: ModelReadOptions) -> KerasModelFile.Architecture? {
        if let config = options.architectureConfig {
            return { keras2 in try KerasConfigMeanings.model(config: try config(), keras2: keras2, weightsFromFile: true) }
        }
        return options.architecture.map { make in { _ in try make() } }
    }
}
