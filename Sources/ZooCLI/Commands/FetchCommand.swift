import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo fetch NAME[@VERSION] [--registry URL]`: brings a model into the cache ($ZOO_HOME),
/// verified. Progress goes to stderr; stdout gets one line,
///
///     poetry-tang-lstm@0.3.0 /home/me/.cache/rnnzoo/models/poetry-tang-lstm/0.3.0 (3.70 MB fetched)
///
/// ending "(cached and verified, nothing fetched)" when the cache already had it.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a model into the cache, verified (NAME is the newest version, NAME@VERSION exactly that one).",
        discussion: "Files are checked against the card's sha256 before the model becomes visible; an interrupted download resumes. Cache: $ZOO_HOME (default ~/.cache/rnnzoo). An HTTP registry fails the fetch when it sends less than $ZOO_HTTP_MIN_RATE bytes/s (default 1024) over any $ZOO_HTTP_TIMEOUT seconds (default 15), or takes longer than $ZOO_HTTP_DEADLINE seconds in all (default 3600). Bodies are taken as sent (no Content-Encoding is decoded)."
    )

    @Argument(help: "NAME or NAME@VERSION.")
    var model: String

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        try Failure.guarding("fetch") {
            let fetcher = Fetcher(registry: try registry.resolve(), cache: ModelCache.resolve(), display: ProgressDisplay())
            let result = try fetcher.fetch(ModelReference(parsing: model))
            if let reason = result.offlineReason {
                Failure.report("fetch", "\(reason); using the cached \(result.model.reference)")
            }
            let what = result.transferred > 0 ? "\(Model.bytes(Int(result.transferred))) fetched" : "cached and verified, nothing fetched"
            print("\(result.model.reference) \(result.model.folder.path) (\(what))")
        }
    }
}
