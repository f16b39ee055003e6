import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo list [PATTERN] [--family F] [--task T] [--json]`: the registry's models, newest version
/// of each, with whether they are in the cache, then the families the loaded plugins provide
/// (PATTERN and --family select those too; --task leaves them out). A table
///
///     NAME              VERSION  FAMILY  TASK               PARAMS     CACHED
///     poetry-tang-lstm  0.3.0    LSTM    poetry-generation  4,485,718  0.3.0
///
/// or, with --json, {"models": [{"kind": "model", "name", "version" (the newest), "versions" (all),
/// "family", "task", "parameters", "summary", "cached": [versions]}], "families": [{"kind": "family", "name",
/// "plugin", "path", "layers", "presets", "generators"}]}. When the registry cannot be reached, the
/// cached models are listed instead, with a note on stderr. Registry strings are printed with
/// their control characters escaped (`TerminalText`).
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the models of the registry and whether they are cached.",
        discussion: "PATTERN matches model names, ignoring case: * is any run of characters, ? one character; a word without them matches names containing it."
    )

    @Argument(help: "Only names matching this pattern (* and ?).")
    var pattern: String?

    @Option(help: "Only models of this family (LSTM, GRU, …).")
    var family: String?

    @Option(help: "Only models for this task.")
    var task: String?

    @Flag(help: "Structured output (JSON).")
    var json = false

    @OptionGroup var registry: RegistryOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        try Failure.guarding("list") {
            let rows = try modelRows().filter(selected)
            let families = task == nil ? familyRows().filter(selected) : []
            if json {
                print(TerminalText.json(JSONValue.object([("models", .array(rows)), ("families", .array(families))])))
                return
            }
            var table = TextTable(headers: ["NAME", "VERSION", "FAMILY", "TASK", "PARAMS", "CACHED"], rightAligned: [4])
            for row in rows {
                let cached = row["cached"]?.arrayValue?.compactMap(\.stringValue) ?? []
                table.rows.append([row["name"]?.stringValue ?? "", row["version"]?.stringValue ?? "", row["family"]?.stringValue ?? "-",
                                   row["task"]?.stringValue ?? "-", row["parameters"]?.intValue.map(Model.grouped) ?? "-",
                                   cached.isEmpty ? "-" : cached.joined(separator: ", ")].map(TerminalText.escaped))
            }
            print(table.text, terminator: "")
            guard !families.isEmpty else { return }
            var familyTable = TextTable(headers: ["FAMILY", "PLUGIN", "LAYERS", "PRESETS (zoo train)", "GENERATORS (zoo generate)"])
            for row in families {
                let list: (String) -> String = { key in
                    let items = row[key]?.arrayValue?.compactMap(\.stringValue) ?? []
                    return items.isEmpty ? "-" : items.joined(separator: ", ")
                }
                familyTable.rows.append([row["name"]?.stringValue ?? "", row["plugin"]?.stringValue ?? "", list("layers"), list("presets"), list("generators")])
            }
            print("\n" + familyTable.text, terminator: "")
        }
    }

    /// One row per family of each loaded plugin.
    private func familyRows() -> [JSONValue] {
        plugins.load()
        return PluginHost.shared.plugins.flatMap { record -> [JSONValue] in
            guard record.status == .loaded, let manifest = record.manifest else { return [] }
            return manifest.families.map { family in
                .object([("kind", "family"), ("name", .string(family)), ("plugin", .string(manifest.name)), ("path", .string(record.path.path)),
                         ("layers", .array(manifest.layers.map(JSONValue.string))), ("presets", .array(manifest.presets.map(JSONValue.string))),
                         ("generators", .array(manifest.generators.map(JSONValue.string)))])
            }
        }.sorted { ($0["name"]?.stringValue ?? "") < ($1["name"]?.stringValue ?? "") }
    }

    /// Whether a row passes PATTERN, --family and --task (a family row is its own family).
    private func selected(_ row: JSONValue) -> Bool {
        let name = row["name"]?.stringValue ?? ""
        if let pattern, !NamePattern(pattern).matches(name) { return false }
        let rowFamily = row["kind"] == "family" ? name : row["family"]?.stringValue
        if let family, rowFamily?.lowercased() != family.lowercased() { return false }
        if let task, row["task"]?.stringValue?.lowercased() != task.lowercased() { return false }
        return true
    }

    /// One row per model of the registry (its newest version), or per cached model when the
    /// registry cannot be reached.
    private func modelRows() throws -> [JSONValue] {
        let cache = ModelCache.resolve()
        do {
            let index = try registry.resolve().index()
            return index.newestOfEach.map { entry in
                row(entry.name, index.versions(of: entry.name).map(\.version), entry.family, entry.task, entry.parameters, entry.summary, cache: cache)
            }
        } catch let error as RegistryUnreachable {
            Failure.report("list", "\(error.message); listing the cached models only")
            return Set(cache.models().map(\.name)).sorted().compactMap { name in
                let versions = cache.models(named: name)
                guard let card = try? versions.last?.card() else { return nil }
                return row(card.name, versions.map(\.version), card.family, card.task, card.parameters, card.summary, cache: cache)
            }
        }
    }

    /// A model's row; `versions` oldest first, the last one described.
    private func row(_ name: String, _ versions: [String], _ family: String?, _ task: String?, _ parameters: Int?, _ summary: String?,
                     cache: ModelCache) -> JSONValue {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        return .object([("kind", "model"), ("name", .string(name)), ("version", optional(versions.last)),
                        ("versions", .array(versions.map(JSONValue.string))), ("family", optional(family)),
                        ("task", optional(task)), ("parameters", parameters.map { .number(Double($0)) } ?? .null),
                        ("summary", optional(summary)), ("cached", .array(cache.models(named: name).map { .string($0.version) }))])
    }
}
