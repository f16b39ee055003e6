import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo cache rm NAME[@VERSION] [--json]`: removes every cached version of NAME (or just
/// VERSION) and its unfinished downloads; prints "removed NAME@VERSION (SIZE)" per version,
/// or --json {"removed": [{"name", "version", "size"}]}. Exits 1 when nothing matched.
struct CacheRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a cached model (every version, or NAME@VERSION).")

    @Argument(help: "NAME or NAME@VERSION.")
    var model: String

    @Flag(help: "Structured output (JSON).")
    var json = false

    func run() throws {
        try Failure.guarding("cache rm") {
            let cache = ModelCache.resolve()
            let reference = try ModelReference(parsing: model)
            let removed = try cache.remove(reference)
            if json {
                print(JSONValue.object([("removed", .array(removed.map {
                    .object([("name", .string($0.name)), ("version", .string($0.version)), ("size", .number(Double($0.size)))])
                }))]).serialized(pretty: true))
            } else {
                for model in removed { print("removed \(model.reference) (\(Model.bytes(Int(model.size))))") }
                if removed.isEmpty { print("removed the unfinished download of \(reference)") }
            }
        }
    }
}
