import ArgumentParser
import Foundation
import ZooCore

/// Where plugins come from: `--plugins DIR` first, then `ZOO_PLUGIN_PATH`, then the folder of
/// the `zoo` executable (see PluginHost).
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("Also load plugins from this folder (searched first).", valueName: "DIR"))
    var folders: [String] = []

    /// Loads the plugins: the given folders, then the default ones.
    func load() {
        for folder in folders { PluginHost.shared.load(folder: URL(fileURLWithPath: folder)) }
        PluginHost.shared.loadDefaults()
    }
}
