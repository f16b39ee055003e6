import ArgumentParser
import Foundation
import RNNZoo
import ZooCatalog
import ZooCore

/// Where plugins come from: `--plugins DIR` first, then `ZOO_PLUGIN_PATH`, then the folder of
/// the `zoo` executable (see PluginHost).
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("Also load plugins from this folder (searched first).", valueName: "DIR"))
    var folders: [String] = []

    /// Loads the plugins: the given folders, then the default ones, after the zoo's own formats
    /// (so that no plugin takes their names or extensions). Tells the host which plugins
    /// this package builds (for errors naming a missing one) and warns on stderr, once per file,
    /// about every plugin it refused.
    func load() {
        RNNZoo.Zoo.registerFormats()
        PluginHost.shared.expect(StandardPlugins.entries.compactMap { entry in
            (try? JSONValue.parse(entry.manifest)).flatMap { try? PluginManifest(json: $0) }.map { (entry.library, $0) }
        })
        let before = PluginHost.shared.plugins.count
        for folder in folders { PluginHost.shared.load(folder: URL(fileURLWithPath: folder)) }
        PluginHost.shared.loadDefaults()
        for record in PluginHost.shared.plugins.dropFirst(before) {
            if case let .refused(reason) = record.status {
                FileHandle.standardError.write(Data("zoo: warning: plugin \(TerminalText.escaped(record.path.path)) refused: \(TerminalText.escaped(reason))\n".utf8))
            }
        }
    }
}
