import Foundation

/// Generators by name (`poetry`, `music`, `text`), registered by plugins. Each opens a model
/// bundle folder; `defaultModel` names the catalog model used when the user names none.
public final class GeneratorRegistry: @unchecked Sendable {
    /// Opens a generator on a model bundle file (`.zoo`).
    public typealias Factory = (_ bundle: URL) throws -> Generator

    /// One registered generator: its name, default model, plugin, options and factory.
    public struct Entry {
        /// `zoo generate NAME`.
        public let name: String
        /// The catalog model used when the user names none.
        public let defaultModel: String
        /// The plugin that registered it.
        public let provider: String
        /// One line for `zoo generate --help`.
        public let summary: String
        /// The generator's own options (`zoo generate NAME --help`).
        public let options: [GeneratorOption]
        /// Whether it makes several samples per run (`--count`) and JSON output (`--json`).
        public let samples: Bool
        /// Opens the generator on a bundle.
        public let make: Factory
    }

    /// The process's registry.
    public static let shared = GeneratorRegistry()
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    private init() {}

    /// Adds or replaces the generator `entry.name` (plugins go through `PluginRegistrar`).
    public func register(_ entry: Entry) {
        lock.withLock { entries[entry.name] = entry }
    }

    /// The registered generators' names, sorted (default plugins loaded first).
    public var names: [String] {
        PluginHost.shared.loadDefaults()
        return lock.withLock { entries.keys.sorted() }
    }

    /// Every registered generator, sorted by name (default plugins loaded first).
    public var all: [Entry] {
        PluginHost.shared.loadDefaults()
        return lock.withLock { entries.values.sorted { $0.name < $1.name } }
    }

    /// The generator called `name`; an unknown name says which are known.
    public func entry(_ name: String) throws -> Entry {
        PluginHost.shared.loadDefaults()
        guard let entry = lock.withLock({ entries[name] }) else {
            let known = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw ZooError("unknown generator '\(name)': \(PluginHost.shared.explainMissing(.generator, name)) (known: \(known))")
        }
        return entry
    }
}
