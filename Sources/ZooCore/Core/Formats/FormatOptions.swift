/// The writer options of one write, by name without dashes: a flag is present with the value
/// "yes", a repeatable option holds its values in order.
///
///     let options: FormatOptions = ["opset": "18", "float16": "yes"]
public struct FormatOptions: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var entries: [String: [String]] = [:]

    /// No options.
    public init() {}

    /// Options from name–value pairs (a name given twice keeps both values).
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// Adds a value for `name` (after any given before).
    public mutating func add(_ name: String, _ value: String = "yes") {
        entries[name, default: []].append(value)
    }

    /// The names given, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// The last value given for `name`.
    public func value(_ name: String) -> String? { entries[name]?.last }

    /// Every value given for `name`, in order.
    public func values(_ name: String) -> [String] { entries[name] ?? [] }

    /// Whether the flag `name` is set (given, and not "no" or "false").
    public func flag(_ name: String) -> Bool {
        guard let value = value(name) else { return false }
        return value != "no" && value != "false"
    }
}
