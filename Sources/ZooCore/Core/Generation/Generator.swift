import Foundation

/// A pretrained generator a plugin provides (`zoo generate NAME`): poetry, music, text.
/// The CLI parses the generator's own flags into `GenerationRequest.options`; the plugin
/// documents the keys it reads and refuses unknown values with one line.
public protocol Generator: AnyObject {
    /// The name shown to the user (usually the model's catalog name).
    var name: String { get }
    func generate(_ request: GenerationRequest) throws -> GenerationOutput
}

/// What to generate: the generator-specific options, how to sample, how many.
public struct GenerationRequest {
    /// Generator-specific settings by flag name without dashes ("acrostic", "form", "bars", "output", ...).
    public var options: [String: String]
    public var sampler: Sampler
    public var seed: UInt64
    public var count: Int
    /// Structured (JSON) output on stdout instead of the plain samples.
    public var json: Bool

    public init(options: [String: String], sampler: Sampler, seed: UInt64, count: Int = 1, json: Bool = false) {
        self.options = options
        self.sampler = sampler
        self.seed = seed
        self.count = count
        self.json = json
    }
}

/// What a generator produced: the text for stdout (the samples alone, or JSON) and one line of
/// information for stderr (model, seed, files written).
public struct GenerationOutput {
    public var stdout: String
    public var info: String

    public init(stdout: String, info: String) {
        self.stdout = stdout
        self.info = info
    }
}
