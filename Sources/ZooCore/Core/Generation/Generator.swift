import Foundation

/// A pretrained generator a plugin provides (`zoo generate NAME`): poetry, music, text.
/// The generator declares its own flags when it is registered (`GeneratorOption`); the CLI
/// parses and validates them into `GenerationRequest.options`.
public protocol Generator: AnyObject {
    /// The name shown to the user (usually the model's catalog name).
    var name: String { get }
    func generate(_ request: GenerationRequest) throws -> GenerationOutput
}

/// What to generate: the generator-specific options, how to sample, how many.
public struct GenerationRequest {
    /// The generator's declared options by name without dashes ("acrostic", "form", "bars",
    /// "output", ...), each validated against its declaration; defaults filled in.
    public var options: [String: String]
    /// How each token is drawn.
    public var sampler: Sampler
    /// The seed of the draws: the same request and seed give the same output.
    public var seed: UInt64
    /// How many samples (generators that make several per run).
    public var count: Int
    /// Structured (JSON) output on stdout instead of the plain samples.
    public var json: Bool

    /// A request; `options` are checked by the generator (`checked(against:)`).
    public init(options: [String: String], sampler: Sampler, seed: UInt64, count: Int = 1, json: Bool = false) {
        self.options = options
        self.sampler = sampler
        self.seed = seed
        self.count = count
        self.json = json
    }

    /// The request checked against a generator's declared options: every value valid, no
    /// undeclared name, required ones present, defaults filled in. Generators call this first,
    /// so a request built in Swift gets the same one-line refusals as the command line.
    public func checked(against declared: [GeneratorOption]) throws -> GenerationRequest {
        var checked = self
        for name in options.keys.sorted() where !declared.contains(where: { $0.name == name }) {
            let known = declared.map { "--\($0.name)" }.joined(separator: ", ")
            throw ZooError("--\(name) is not an option of this generator (its options: \(known.isEmpty ? "none" : known))")
        }
        for option in declared {
            if let value = options[option.name] {
                try option.validate(value)
            } else if option.required {
                throw ZooError("--\(option.name) is required: \(option.help)")
            } else if let value = option.defaultValue {
                checked.options[option.name] = value
            }
        }
        return checked
    }

    /// A declared `.integer` option (already validated), or nil when absent.
    public func integer(_ name: String) -> Int? { options[name].flatMap { Int($0) } }
}

/// What a generator produced: the text for stdout (the samples alone, or JSON) and one line of
/// information for stderr (model, seed, files written).
public struct GenerationOutput {
    /// The samples (or JSON) for standard output.
    public var stdout: String
    /// One line for standard error: model, seed, files written.
    public var info: String

    /// An output of `stdout` text and one `info` line.
    public init(stdout: String, info: String) {
        self.stdout = stdout
        self.info = info
    }
}
