import Foundation
import PackagePlugin

/// Build-tool plugin: hashes every source file of the core (Swift and C, with the ZooSupport
/// library it re-exports, under ZooSupport/ in the core's folder) into a generated file,
/// so the core build hash changes whenever the core does and everything stamped with it is
/// rebuilt by the build system itself.
/// - Applied to the ZooCore target it writes `CoreBuild.current`, the hash of the running core.
/// - Applied to a plugin target (one with a `ZooPluginEntry.swift`, in this repository or in an
///   outsider's package) it writes the plugin's `zoo_plugin` ELF section (ABI version, core
///   build hash, the manifest read from ZooPluginEntry.swift) and its register entry point.
/// - Applied to any other target (the `zoo` executable) it writes `StandardPlugins.entries`:
///   the manifests of the plugin targets of the same package, with their library file names.
@main
struct CoreBuildHashPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let core = Self.corePackage(context.package) else {
            throw PluginError("CoreBuildHash: \(target.name) does not depend on the ZooCore package")
        }
        var inputs: [URL] = []
        let support = core.dependencies.map(\.package).flatMap(\.targets)
        for case let module as SourceModuleTarget in core.targets + support where ["CZooKernels", "ZooCore", "ZooSupport"].contains(module.name) {
            // Sources and headers: not the DocC catalog (a folder) beside them.
            inputs += module.sourceFiles.filter { $0.type == .source || $0.type == .header }.map(\.url)
        }
        inputs.sort { $0.path < $1.path }
        let tool = try context.tool(named: "CoreBuildHasher").url
        let directory = context.pluginWorkDirectoryURL
        if target.name == "ZooCore" {
            let output = directory.appendingPathComponent("CoreBuild+Generated.swift")
            return [.buildCommand(displayName: "Stamping ZooCore with its build hash", executable: tool,
                                  arguments: ["core", output.path, core.directoryURL.path] + inputs.map(\.path),
                                  inputFiles: inputs, outputFiles: [output])]
        }
        if let entry = Self.entryFile(of: target) {
            let output = directory.appendingPathComponent("ZooPluginEntryPoints.swift")
            return [.buildCommand(displayName: "Stamping \(target.name) with the ZooCore build hash and its manifest", executable: tool,
                                  arguments: ["plugin", output.path, core.directoryURL.path, entry.path] + inputs.map(\.path),
                                  inputFiles: inputs + [entry], outputFiles: [output])]
        }
        var pairs: [String] = [], entries: [URL] = []
        for product in context.package.products where product is LibraryProduct {
            for member in product.targets {
                guard let entry = Self.entryFile(of: member) else { continue }
                pairs.append("\(entry.path)=lib\(product.name).so")
                entries.append(entry)
            }
        }
        let output = directory.appendingPathComponent("StandardPlugins+Generated.swift")
        return [.buildCommand(displayName: "Listing the plugins built beside \(target.name)", executable: tool,
                              arguments: ["catalog", output.path] + pairs, inputFiles: entries, outputFiles: [output])]
    }

    /// A plugin target's `ZooPluginEntry.swift`, if it has one.
    static func entryFile(of target: Target) -> URL? {
        (target as? SourceModuleTarget)?.sourceFiles.first { $0.url.lastPathComponent == "ZooPluginEntry.swift" }?.url
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
