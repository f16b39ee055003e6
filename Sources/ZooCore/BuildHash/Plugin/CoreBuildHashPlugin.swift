import Foundation
import PackagePlugin

/// Build-tool plugin: hashes every source file of the core (Swift and C) into a generated file,
/// so the core build hash changes whenever the core does and everything stamped with it is
/// rebuilt by the build system itself.
/// - Applied to the ZooCore target it writes `CoreBuild.current`, the hash of the running core.
/// - Applied to a plugin target (in this repository or in an outsider's package) it writes the
///   plugin's two C entry points, stamped with the hash of the core it is compiled against and
///   calling the target's `ZooPluginEntry` (a type conforming to `ZooPlugin`).
@main
struct CoreBuildHashPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let core = Self.corePackage(context.package) else {
            throw PluginError("CoreBuildHash: \(target.name) does not depend on the ZooCore package")
        }
        var inputs: [URL] = []
        for case let module as SourceModuleTarget in core.targets where ["CZooKernels", "ZooCore"].contains(module.name) {
            inputs += module.sourceFiles.map(\.url)
        }
        inputs.sort { $0.path < $1.path }
        let mode = target.name == "ZooCore" ? "core" : "plugin"
        let output = context.pluginWorkDirectoryURL.appendingPathComponent(mode == "core" ? "CoreBuild+Generated.swift" : "ZooPluginEntryPoints.swift")
        return [.buildCommand(
            displayName: "Stamping \(target.name) with the ZooCore build hash",
            executable: try context.tool(named: "CoreBuildHasher").url,
            arguments: [mode, output.path, core.directoryURL.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }

    /// The ZooCore package: this one, or one the package depends on (directly or not).
    static func corePackage(_ package: Package) -> Package? {
        if package.targets.contains(where: { $0.name == "ZooCore" }) && package.targets.contains(where: { $0.name == "CZooKernels" }) {
            return package
        }
        for dependency in package.dependencies {
            if let found = corePackage(dependency.package) { return found }
        }
        return nil
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
