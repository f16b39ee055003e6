import Foundation
import PackagePlugin

/// Build-tool plugin: hashes every source file of the core (Swift and C) into
/// `CoreBuild+Generated.swift`, so that the core build hash changes whenever the core does.
/// Plugins compile that hash in (`CoreBuild.compiledAgainst`) and the host compares it with
/// its own (`CoreBuild.current`) before it lets a plugin register anything.
@main
struct CoreBuildHashPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let hashed = ["CZooKernels", "ZooCore"]
        var inputs: [URL] = []
        for case let module as SourceModuleTarget in context.package.targets where hashed.contains(module.name) {
            inputs += module.sourceFiles.map(\.url)
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("CoreBuild+Generated.swift")
        let root = context.package.directoryURL.path
        return [.buildCommand(
            displayName: "Hashing the ZooCore sources into the core build hash",
            executable: try context.tool(named: "CoreBuildHasher").url,
            arguments: [output.path, root] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
