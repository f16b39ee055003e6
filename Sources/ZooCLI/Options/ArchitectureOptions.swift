import ArgumentParser
import RNNZoo

/// Where the architecture of a weights-only Keras file (`.weights.h5`, Keras 2 weights `.h5`)
/// comes from: a preset, a Keras config file, or another model file the user already has.
struct ArchitectureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("For a weights-only file: the architecture of this preset (see `zoo train --list`).", valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("For a weights-only file: a Keras model config (a .keras archive's config.json, or an .h5 model_config).", valueName: "model.json"))
    var config: String?

    @Option(help: ArgumentHelp("For a weights-only file: take the architecture from this model file (.keras, .h5, .zoockpt).", valueName: "model"))
    var architecture: String?

    var source: ModelFile.ArchitectureSource {
        ModelFile.ArchitectureSource(preset: preset, config: config, architecture: architecture)
    }
}
