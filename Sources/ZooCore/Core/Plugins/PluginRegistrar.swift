import Foundation

/// What a plugin's `register` receives: adds its layers, presets, generators and formats to the
/// registries, holding it to its manifest. A name the manifest does not list (the build tool
/// reads only string-literal names) is refused, and so is a listed name left unregistered.
public final class PluginRegistrar {
    /// The manifest read from the plugin's file, which every registration must match.
    public let manifest: PluginManifest
    private var registered: [PluginManifest.Kind: Set<String>] = [:]

    init(manifest: PluginManifest) { self.manifest = manifest }

    /// Registers a Keras layer class; `className` must be `type.kerasClassName`.
    public func layer<L: Layer>(_ className: String, _ type: L.Type, factory: @escaping LayerRegistry.Factory) throws {
        guard className == L.kerasClassName else { throw ZooError("registers \(L.self) as '\(className)', but its Keras class name is '\(L.kerasClassName)'") }
        try claim(.layer, className)
        LayerRegistry.shared.register(type, provider: manifest.name, factory: factory)
    }

    /// Registers `className`, a Keras class this plugin reads as `type` (Keras 2's CuDNNLSTM read
    /// as LSTM); the manifest lists it like any layer, and the layer is written back as `type`.
    public func layer<L: Layer>(_ className: String, readAs type: L.Type, factory: @escaping LayerRegistry.Factory) throws {
        try claim(.layer, className)
        LayerRegistry.shared.register(className, readAs: type, provider: manifest.name, factory: factory)
    }

    /// Registers a preset; `name` must be `preset.name`.
    public func preset(_ name: String, _ preset: Preset) throws {
        guard name == preset.name else { throw ZooError("registers the preset '\(preset.name)' as '\(name)'") }
        try claim(.preset, name)
        PresetRegistry.shared.register(preset, provider: manifest.name)
    }

    /// Registers a generator that opens a model bundle: `defaultModel` names the catalog model used
    /// when the user names none, `options` its own flags (names unique, not those every generator
    /// has: model, count, json, temperature, top-k, top-p, seed, plugins, help), `samples` whether
    /// it takes `--count` and `--json`.
    public func generator(_ name: String, defaultModel: String, summary: String, options: [GeneratorOption] = [], samples: Bool = true,
                          factory: @escaping GeneratorRegistry.Factory) throws {
        try claim(.generator, name)
        let reserved: Set<String> = ["model", "count", "json", "temperature", "top-k", "top-p", "seed", "plugins", "help"]
        var seen: Set<String> = [], shorts: Set<Character> = ["h"]
        for option in options {
            guard option.name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), !option.name.isEmpty else {
                throw ZooError("generator '\(name)': option name '\(option.name)' must be lowercase letters, digits and '-'")
            }
            guard !reserved.contains(option.name), seen.insert(option.name).inserted, option.short.map({ shorts.insert($0).inserted }) ?? true else {
                throw ZooError("generator '\(name)': option '--\(option.name)' clashes with another option")
            }
        }
        GeneratorRegistry.shared.register(GeneratorRegistry.Entry(name: name, defaultModel: defaultModel, provider: manifest.name, summary: summary,
                                                                  options: options, samples: samples, make: factory))
    }

    /// Registers a model file format; `name` must be `format.name`. Its extensions must be new to
    /// the zoo (a plugin cannot take `.keras` or another plugin's extension), and it must read or
    /// write.
    public func format(_ name: String, _ format: ModelFormat) throws {
        guard name == format.name else { throw ZooError("registers the format '\(format.name)' as '\(name)'") }
        try claim(.format, name)
        try FormatRegistry.shared.register(format, provider: "the plugin '\(manifest.name)'")
    }

    /// Fails when the manifest lists a name that was not registered.
    func finish() throws {
        for kind in PluginManifest.Kind.allCases {
            if let missing = kind.names(in: manifest).first(where: { !(registered[kind]?.contains($0) ?? false) }) {
                throw ZooError("its manifest lists the \(kind.rawValue) '\(missing)', which it did not register")
            }
        }
    }

    private func claim(_ kind: PluginManifest.Kind, _ name: String) throws {
        guard kind.names(in: manifest).contains(name) else {
            throw ZooError("registers the \(kind.rawValue) '\(name)' that its manifest does not list (name registrations with string literals in ZooPluginEntry.swift)")
        }
        guard registered[kind, default: []].insert(name).inserted else { throw ZooError("registers the \(kind.rawValue) '\(name)' twice") }
    }
}
