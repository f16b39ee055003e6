import ArgumentParser
import Foundation
import ZooCore

/// `zoo plugins`: every plugin found, from where, what it provides, and what was refused and why.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the plugins found (path, version, families) and those refused, with the reason."
    )

    @OptionGroup var plugins: PluginOptions

    @Flag(help: "One JSON object: the core build, the folders searched and every plugin.")
    var json = false

    func run() throws {
        plugins.load()
        let host = PluginHost.shared
        if json {
            let object: JSONValue = ["core_build": .string(CoreBuild.current), "abi_version": .number(Double(PluginABI.version)),
                                     "searched": .array(host.searchedFolders.map { .string($0.path) }),
                                     "plugins": .array(host.plugins.map(\.json))]
            print(object.serialized(pretty: true))
            return
        }
        print("core \(CoreBuild.current), plugin ABI \(PluginABI.version); searched: \(host.searchedFolders.map(\.path).joined(separator: ", "))")
        for record in host.plugins {
            let name = record.manifest.map { "\($0.name) \($0.version)" } ?? record.path.lastPathComponent
            switch (record.status, record.manifest) {
            case let (.loaded, m?):
                var provides = ["families: \(m.families.joined(separator: ", "))"]
                if !m.layers.isEmpty { provides.append("layers: \(m.layers.joined(separator: ", "))") }
                if !m.presets.isEmpty { provides.append("presets: \(m.presets.joined(separator: ", "))") }
                if !m.generators.isEmpty { provides.append("generators: \(m.generators.joined(separator: ", "))") }
                if !m.formats.isEmpty { provides.append("formats: \(m.formats.joined(separator: ", "))") }
                print("  \(name)  \(record.path.path)\n      \(provides.joined(separator: "; "))")
            case (.loaded, nil):
                print("  \(name)  \(record.path.path)")
            case let (.refused(reason), _):
                print("  REFUSED \(name)  \(record.path.path)\n      \(reason)")
            }
        }
    }
}
