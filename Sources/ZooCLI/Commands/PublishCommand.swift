import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// `zoo publish BUNDLE --registry DIR`: adds a zoo bundle (a zip holding card.json) to a folder
/// registry, or replaces the same name and version there. Prints
///
///     published poetry-tang-lstm@0.4.0 to DIR/poetry-tang-lstm/0.4.0 (model.zip, 3.70 MB, sha256 …)
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Add a model bundle (a zip with card.json) to a folder registry's index, with its checksums."
    )

    @Argument(help: "The bundle: a zip holding card.json (name, version, …; no files list).")
    var bundle: String

    @Option(help: ArgumentHelp("The registry folder (a path or file:// URL); index.json is created when absent.", valueName: "DIR"))
    var registry: String

    func run() throws {
        try Failure.guarding("publish") {
            guard case let .folder(folder) = try Registry(registry).location else {
                throw ZooError("\(registry): publish writes to a folder registry, not a URL")
            }
            let entry = try Publisher(folder: folder).publish(URL(fileURLWithPath: bundle))
            let card = try Registry(folder.path).card(entry).card
            let files = card.files.map { "\($0.name), \(Model.bytes(Int($0.size))), sha256 \($0.sha256)" }.joined(separator: "; ")
            print("published \(entry.reference) to \(folder.appendingPathComponent(entry.path).path) (\(files))")
        }
    }
}
