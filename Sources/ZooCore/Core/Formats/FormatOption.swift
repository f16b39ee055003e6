/// One option a format's writer understands (`zoo convert SRC DST --name [VALUE]`, or
/// `Zoo.save(model, to:, options: ["name": "VALUE"])`): the registry refuses an option the
/// destination's format does not declare, naming the formats it applies to.
public struct FormatOption: Sendable, Equatable {
    /// What the option takes.
    public enum Kind: Sendable, Equatable {
        /// A switch: given or not (its value is "yes").
        case flag
        /// One value.
        case value
        /// Any number of values (a repeatable flag).
        case values
    }

    /// The name without dashes ("float16" is `--float16`).
    public let name: String
    /// What it takes.
    public let kind: Kind
    /// One line saying what it does.
    public let help: String

    /// An option `name` of `kind` with its help line.
    public init(_ name: String, _ kind: Kind = .flag, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }
}
