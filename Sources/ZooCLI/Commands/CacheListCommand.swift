import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo cache list [--json]`: the cached models,
///
///     NAME              VERSION  SIZE     PATH
///     poetry-tang-lstm  0.3.0    3.70 MB  /home/me/.cache/rnnzoo/models/poetry-tang-lstm/0.3.0
///
/// then a line per unfinished download; --json: {"root", "models": [{"name", "version", "size"
/// (bytes), "path"}], "partial": [{"model", "size", "path"}]}.
struct CacheListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cached models and unfinished downloads.")

    @Flag(help: "Structured output (JSON).")
    var json = false

    func run() throws {
        try Failure.guarding("cache list") {
            let cache = ModelCache.resolve()
            let models = cache.models()
            let partials = cache.partials()
            if json {
                let modelRows: [JSONValue] = models.map {
                    .object([("name", .string($0.name)), ("version", .string($0.version)), ("size", .number(Double($0.size))), ("path", .string($0.folder.path))])
                }
                let partialRows: [JSONValue] = partials.map {
                    .object([("model", .string($0.reference)), ("size", .number(Double($0.size))), ("path", .string($0.folder.path))])
                }
                print(JSONValue.object([("root", .string(cache.root.path)), ("models", .array(modelRows)), ("partial", .array(partialRows))]).serialized(pretty: true))
                return
            }
            var table = TextTable(headers: ["NAME", "VERSION", "SIZE", "PATH"], rightAligned: [2])
            table.rows = models.map { [$0.name, $0.version, Model.bytes(Int($0.size)), $0.folder.path] }
            print(models.isEmpty ? "no cached models in \(cache.root.path)" : table.text, terminator: models.isEmpty ? "\n" : "")
            for partial in partials {
                print("unfinished download: \(partial.reference), \(Model.bytes(Int(partial.size))) (zoo fetch resumes it, zoo cache prune removes it)")
            }
        }
    }
}
