/// One option a generator declares (`zoo generate NAME --name VALUE`): the CLI builds parsing,
/// validation, `--help` and the JSON schema from these, and hands the generator only values that
/// passed, with every default filled in.
public struct GeneratorOption: Sendable, Equatable {
    /// What values the option takes.
    public enum Kind: Sendable, Equatable {
        /// Any text.
        case text
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// One of the listed words.
        case choice([String])
        /// A file the generator reads.
        case inputFile
        /// A file the generator writes.
        case outputFile
    }

    /// The long flag without dashes ("form" is `--form`): lowercase letters, digits and '-'.
    public let name: String
    /// A one-letter flag (`-o`), if any.
    public let short: Character?
    /// What values it takes.
    public let kind: Kind
    /// The value used when the option is not given (nil: absent from the request).
    public let defaultValue: String?
    /// Whether the option must be given.
    public let required: Bool
    /// One line for `zoo generate NAME --help`.
    public let help: String

    /// An option `--name` of `kind`, with its default, whether it is required, and its help.
    public init(_ name: String, short: Character? = nil, _ kind: Kind = .text, default defaultValue: String? = nil,
                required: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.kind = kind
        self.defaultValue = defaultValue
        self.required = required
        self.help = help
    }

    /// The placeholder shown in help: `<n>`, `<5|7>`, `<file>`, `<text>`.
    public var valueName: String {
        switch kind {
        case .text: return "<text>"
        case .integer: return "<n>"
        case let .choice(words): return "<\(words.joined(separator: "|"))>"
        case .inputFile, .outputFile: return "<file>"
        }
    }

    /// Checks a value given for this option; one line naming the flag when it does not fit.
    public func validate(_ value: String) throws {
        switch kind {
        case .text:
            return
        case .inputFile, .outputFile:
            guard !value.isEmpty else { throw ZooError("--\(name) needs a file name") }
        case let .integer(range):
            guard let n = Int(value), range.contains(n) else {
                throw ZooError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'")
            }
        case let .choice(words):
            guard words.contains(value) else { throw ZooError("--\(name) must be one of \(words.joined(separator: ", ")), got '\(value)'") }
        }
    }

    /// The option as JSON (`zoo generate NAME --help --json`).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name))]
        if let short { members.append(("short", .string(String(short)))) }
        switch kind {
        case .text: members.append(("type", "text"))
        case let .integer(range): members += [("type", "integer"), ("minimum", .number(Double(range.lowerBound))), ("maximum", .number(Double(range.upperBound)))]
        case let .choice(words): members += [("type", "choice"), ("choices", .array(words.map { .string($0) }))]
        case .inputFile: members.append(("type", "input-file"))
        case .outputFile: members.append(("type", "output-file"))
        }
        if let defaultValue { members.append(("default", .string(defaultValue))) }
        members += [("required", .bool(required)), ("help", .string(help))]
        return .object(members)
    }
}
