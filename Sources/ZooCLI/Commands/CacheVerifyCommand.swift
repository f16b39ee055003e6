import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo cache verify [--json]`: recomputes the sha256 of every cached file (the card's against
/// the digest it was fetched with, each model file's against the card). Prints a line per
/// model, "poetry-tang-lstm@0.3.1: ok (1 file)" or one line per problem,
/// "poetry-tang-lstm@0.3.0: model.zoockpt: sha256 mismatch (…)"; --json: {"models": [{"name",
/// "version", "path", "problems": [...]}]}. Exits 1 when any model is damaged.
struct CacheVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute every cached file's sha256 (the card's too) and report damaged or missing files.")

    @Flag(help: "Structured output (JSON).")
    var json = false

    func run() throws {
        try Failure.guarding("cache verify") {
            let models = ModelCache.resolve().models()
            let reports = models.map { ($0, $0.problems()) }
            if json {
                print(JSONValue.object([("models", .array(reports.map { model, problems in
                    .object([("name", .string(model.name)), ("version", .string(model.version)), ("path", .string(model.folder.path)),
                             ("problems", .array(problems.map(JSONValue.string)))])
                }))]).serialized(pretty: true))
            } else {
                for (model, problems) in reports {
                    if problems.isEmpty {
                        let count = (try? model.card().files.count).map { $0 == 1 ? "1 file" : "\($0) files" } ?? "card only"
                        print("\(model.reference): ok (\(count))")
                    }
                    for problem in problems { print("\(model.reference): \(problem)") }
                }
            }
            let damaged = reports.filter { !$0.1.isEmpty }.map(\.0.reference)
            if !damaged.isEmpty {
                throw ZooError("\(damaged.count) of \(models.count) cached models damaged (\(damaged.joined(separator: ", "))); repair with zoo cache rm NAME@VERSION, then zoo fetch NAME@VERSION")
            }
        }
    }
}
