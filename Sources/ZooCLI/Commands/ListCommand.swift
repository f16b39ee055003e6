import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo list [PATTERN] [--family F] [--task T] [--json]`: the registry's models, newest version
/// of each, with whether they are in the cache. A table
///
///     NAME              VERSION  FAMILY  TASK               PARAMS     CACHED
///     poetry-tang-lstm  0.3.0    LSTM    poetry-generation  1,917,654  0.3.0
///
/// or, with --json, {"models": [{"kind": "model", "name", "version" (the newest), "versions" (all),
/// "family", "task", "parameters", "summary", "cached": [versions]}]}. When the registry cannot be reached, the
/// cached models are listed instead, with a note on stderr.
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

    func run() throws {
        try Failure.guarding("list") {
            let rows = try modelRows().filter(selected)
            if json {
                print(JSONValue.object([("models", .array(rows))]).serialized(pretty: true))
                return
            }
            var table = TextTable(headers: ["NAME", "VERSION", "FAMILY", "TASK", "PARAMS", "CACHED"], rightAligned: [4])
            for row in rows {
                let cached = row["cached"]?.arrayValue?.compactMap(\.stringValue) ?? []
                table.rows.append([row["name"]?.stringValue ?? "", row["version"]?.stringValue ?? "", row["family"]?.stringValue ?? "-",
                                   row["task"]?.stringValue ?? "-", row["parameters"]?.intValue.map(Model.grouped) ?? "-",
                                   cached.isEmpty ? "-" : cached.joined(separator: ", ")])
            }
            print(table.text, terminator: "")
        }
    }

    /// Whether a row passes PATTERN, --family and --task.
    private func selected(_ row: JSONValue) -> Bool {
        let name = row["name"]?.stringValue ?? ""
        if let pattern, !NamePattern(pattern).matches(name) { return false }
        if let family, row["family"]?.stringValue?.lowercased() != family.lowercased() { return false }
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
