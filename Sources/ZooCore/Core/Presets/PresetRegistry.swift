/// Presets by name (`zoo train NAME`), registered by the plugins (loaded before the first lookup).
public final class PresetRegistry: @unchecked Sendable {
    public static let shared = PresetRegistry()
    private var presets: [String: (preset: Preset, provider: String)] = [:]

    private init() {}

    public func register(_ preset: Preset, provider: String) {
        presets[preset.name] = (preset, provider)
    }

    public var names: [String] {
        PluginHost.shared.loadDefaults()
        return presets.keys.sorted()
    }

    /// Every registered preset, sorted by name (default plugins loaded first).
    public var all: [Preset] {
        PluginHost.shared.loadDefaults()
        return presets.values.map(\.preset).sorted { $0.name < $1.name }
    }

    public func provider(of name: String) -> String? {
        PluginHost.shared.loadDefaults()
        return presets[name]?.provider
    }

    /// The preset called `name`; an unknown name lists the known ones.
    public func preset(_ name: String) throws -> Preset {
        PluginHost.shared.loadDefaults()
        guard let p = presets[name] else {
            throw ZooError("unknown preset '\(name)': \(PluginHost.shared.explainMissing(.preset, name)) (known: \(names.joined(separator: ", ")))")
        }
        return p.preset
    }
}
