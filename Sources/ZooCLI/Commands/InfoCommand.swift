import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo info NAME[@VERSION] [--json]`: a model's card. The text form prints the card's fields
/// (architecture, parameters, training data and license, metrics, …), then its files with size
/// and sha256, then where it is cached; --json prints {"card": {…}, "cached": PATH or null}.
/// NAME@VERSION in the cache is read from the cache without touching the registry, and NAME
/// falls back to the newest cached version when the registry cannot be reached, so info works
/// offline.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a model's card: architecture, parameters, data and license, metrics, files."
    )

    @Argument(help: "NAME (the newest version) or NAME@VERSION.")
    var model: String

    @Flag(help: "Structured output (JSON).")
    var json = false

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        try Failure.guarding("info") {
            let reference = try ModelReference(parsing: model)
            let cache = ModelCache.resolve()
            let card = try locate(reference, cache: cache)
            let cached = cache.model(card.name, version: card.version)
            if json {
                print(TerminalText.json(JSONValue.object([("card", card.json), ("cached", cached.map { .string($0.folder.path) } ?? .null)])))
            } else {
                print(text(card, cached: cached), terminator: "")
            }
        }
    }

    /// The card of `reference`: from the cache when that version is there, else from the registry.
    private func locate(_ reference: ModelReference, cache: ModelCache) throws -> ModelCard {
        if let version = reference.version, let cached = cache.model(reference.name, version: version) {
            return try cached.card()
        }
        let source = try registry.resolve()
        let index: CatalogIndex
        do {
            index = try source.index()
        } catch let error as RegistryUnreachable {
            guard reference.version == nil, let newest = cache.models(named: reference.name).last else {
                throw ZooError("\(reference): \(error.message), and the cache has no such model")
            }
            return try newest.card()
        }
        guard let entry = reference.version.map({ index.entry(reference.name, version: $0) }) ?? index.newest(reference.name) else {
            let versions = index.versions(of: reference.name).map(\.version)
            throw ZooError("\(reference): not in the registry \(source)" + (versions.isEmpty ? "" : " (versions there: \(versions.joined(separator: ", ")))"))
        }
        if let cached = cache.model(entry.name, version: entry.version) { return try cached.card() }
        return try source.card(entry).card
    }

    /// The card as text; every string from the card is printed with its control characters
    /// escaped (`TerminalText`), so no card can send escape sequences to the terminal.
    private func text(_ card: ModelCard, cached: CachedModel?) -> String {
        var lines = ["\(card.name) \(card.version)"]
        let skipped: Set<String> = ["name", "version", "files"]
        for (key, value) in card.json.objectValue ?? [] where !skipped.contains(key) {
            lines += InfoCommand.field(key, value, indent: "")
        }
        lines.append("files:")
        for file in card.files {
            lines.append("  \(file.name)  \(Model.grouped(Int(file.size))) bytes  sha256 \(file.sha256)")
        }
        lines.append("cached: " + (cached.map { $0.folder.path } ?? "no (zoo fetch \(card.name)@\(card.version))"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// "key: value", or "key:" and the members of an object indented below it.
    private static func field(_ key: String, _ value: JSONValue, indent: String) -> [String] {
        let label = TerminalText.escaped(key.replacingOccurrences(of: "_", with: " "))
        switch value {
        case let .object(members):
            return ["\(indent)\(label):"] + members.flatMap { field($0.0, $0.1, indent: indent + "  ") }
        case let .string(s):
            return ["\(indent)\(label): \(TerminalText.escaped(s))"]
        case let .number(n) where key == "parameters" && n.rounded() == n:
            return ["\(indent)\(label): \(Model.grouped(Int(n)))"]
        default:
            return ["\(indent)\(label): \(TerminalText.escaped(value.serialized()))"]
        }
    }
}
