/// What a plugin says it provides (layers, presets, generators, formats), before it is allowed to register anything: `zoo plugins`
/// shows it, and the host uses it to say which plugin would provide a missing layer class.
public struct PluginManifest: Equatable, Sendable {
    /// The kinds of things a plugin provides.
    public enum Kind: String, CaseIterable, Sendable {
        case layer = "layer class"
        case preset
        case generator
        case format

        func names(in manifest: PluginManifest) -> [String] {
            switch self {
            case .layer: return manifest.layers
            case .preset: return manifest.presets
            case .generator: return manifest.generators
            case .format: return manifest.formats
            }
        }
    }

    /// The plugin's name ("LSTM"); the first plugin of a name wins.
    public var name: String
    /// The plugin's version (semantic versioning).
    public var version: String
    /// One line for `zoo plugins`.
    public var summary: String
    /// Model families ("LSTM", "Seq2Seq", ...).
    public var families: [String]
    /// Keras `class_name`s of the layers it registers.
    public var layers: [String]
    /// Preset names (`zoo train NAME`).
    public var presets: [String]
    /// Generator names (`zoo generate NAME`).
    public var generators: [String]
    /// Model file format names (`ModelFormat.name`).
    public var formats: [String]

    /// A manifest listing what a plugin registers.
    public init(name: String, version: String, summary: String, families: [String], layers: [String] = [],
                presets: [String] = [], generators: [String] = [], formats: [String] = []) {
        self.name = name
        self.version = version
        self.summary = summary
        self.families = families
        self.layers = layers
        self.presets = presets
        self.generators = generators
        self.formats = formats
    }

    /// The manifest as the JSON object the `zoo_plugin` section stores.
    public var json: JSONValue {
        ["name": .string(name), "version": .string(version), "summary": .string(summary),
         "families": .array(families.map { .string($0) }), "layers": .array(layers.map { .string($0) }),
         "presets": .array(presets.map { .string($0) }), "generators": .array(generators.map { .string($0) }),
         "formats": .array(formats.map { .string($0) })]
    }

    /// Reads a manifest; every field but the lists is required.
    public init(json: JSONValue) throws {
        func list(_ key: String) throws -> [String] {
            guard let value = json[key] else { return [] }
            guard let items = value.arrayValue?.compactMap(\.stringValue), items.count == value.arrayValue?.count else {
                throw ZooError("manifest field '\(key)' is not a list of strings")
            }
            return items
        }
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw ZooError("manifest without a name") }
        guard let version = json["version"]?.stringValue else { throw ZooError("manifest of '\(name)' without a version") }
        self.init(name: name, version: version, summary: json["summary"]?.stringValue ?? "", families: try list("families"),
                  layers: try list("layers"), presets: try list("presets"), generators: try list("generators"),
                  formats: try list("formats"))
    }
}
