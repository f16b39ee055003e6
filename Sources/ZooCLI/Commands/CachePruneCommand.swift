import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo cache prune [--json]`: removes unfinished downloads and every version of each model but
/// the newest. Prints "removed NAME@VERSION (SIZE)" and "removed unfinished download
/// NAME@VERSION (SIZE)" lines, then "freed SIZE"; --json {"removed": [{"name", "version",
/// "size"}], "partial": [{"model", "size"}], "freed": bytes}.
struct CachePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Remove unfinished downloads and all but the newest version of each model.")

    @Flag(help: "Structured output (JSON).")
    var json = false

    func run() throws {
        try Failure.guarding("cache prune") {
            let cache = ModelCache.resolve()
            let (models, partials) = try cache.prune()
            let freed = models.reduce(0) { $0 + $1.size } + partials.reduce(0) { $0 + $1.size }
            if json {
                print(JSONValue.object([
                    ("removed", .array(models.map { .object([("name", .string($0.name)), ("version", .string($0.version)), ("size", .number(Double($0.size)))]) })),
                    ("partial", .array(partials.map { .object([("model", .string($0.reference)), ("size", .number(Double($0.size)))]) })),
                    ("freed", .number(Double(freed))),
                ]).serialized(pretty: true))
                return
            }
            for model in models { print("removed \(model.reference) (\(Model.bytes(Int(model.size))))") }
            for partial in partials { print("removed unfinished download \(partial.reference) (\(Model.bytes(Int(partial.size))))") }
            print("freed \(Model.bytes(Int(freed)))")
        }
    }
}
