import ArgumentParser

/// Hyperparameters shared by the training commands; unset values take the preset's defaults.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Number of epochs.")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), help: "Samples per batch.")
    var batchSize: Int?

    @Option(name: .customLong("lr"), help: "Learning rate.")
    var learningRate: Float?

    @Option(name: .customLong("validation-split"), help: "Fraction of the training data held out for validation (0 = none).")
    var validationSplit: Double?

    @Option(help: "Random seed: the same seed gives the same weights and the same run, bit for bit.")
    var seed: UInt64 = 42

    func validate() throws {
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) { throw ValidationError("--lr must be a positive number") }
        if let validationSplit, !(0..<1).contains(validationSplit) { throw ValidationError("--validation-split must be in [0, 1)") }
    }
}
