import ArgumentParser
import Foundation
import RNNZoo
import ZooCore

/// `zoo generate NAME [options]`: samples from a generator a plugin registered (poetry, text,
/// music, or an out-of-tree one). Parsing, validation and help of the generator's own options come
/// from the options it declares; the model is the named one or the generator's shipped default.
/// The output goes to stdout, one line of information with the time taken to stderr.
struct GenerateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "generate",
            abstract: "Generate with a pretrained model shipped in the catalog (no download needed).",
            discussion: "Generators: \(listing). `zoo generate NAME --help` shows a generator's options."
        )
    }

    /// The generators of the plugins this zoo would load, read from their files (nothing is loaded).
    static let listing: String = {
        let names = Set(PluginHost.manifests(in: PluginHost.defaultFolders).flatMap(\.generators)).sorted()
        return names.isEmpty ? "none found" : names.joined(separator: ", ")
    }()

    @Argument(help: "The generator (see the list above).")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The generator's options and the common ones below (zoo generate NAME --help).")
    var arguments: [String] = []

    func run() throws {
        try Failure.guarding("generate \(name)") {
            let started = Date()
            var plugins = PluginOptions()
            plugins.folders = try Self.pluginFolders(arguments)
            plugins.load()
            let entry = try GeneratorRegistry.shared.entry(name)
            let split = try GeneratorArguments(arguments, options: entry.options)
            let common: GenerateOptions
            do { common = try GenerateOptions.parse(split.rest) } catch {
                throw ZooError(GenerateOptions.message(for: error))
            }
            if split.help {
                print(common.json ? GeneratorArguments.schema(entry).serialized(pretty: true) : GeneratorArguments.help(entry))
                return
            }
            if !entry.samples, common.count != nil || common.json {
                throw ZooError("the \(entry.name) generator makes one sample per run: --count and --json do not apply")
            }
            guard (common.count ?? 1) >= 1 else { throw ZooError("--count must be at least 1") }
            let generator = try entry.make(try ModelBundle.locate(common.model ?? entry.defaultModel))
            let request = GenerationRequest(options: split.values, sampler: try common.sampling.sampler(), seed: common.sampling.seed,
                                            count: common.count ?? 1, json: common.json)
            let output = try generator.generate(request)
            if !output.stdout.isEmpty { print(output.stdout) }
            FileHandle.standardError.write(Data("\(output.info) · \(String(format: "%.2f", Date().timeIntervalSince(started))) s\n".utf8))
        }
    }

    /// The `--plugins DIR` folders among the arguments: plugins load before the generator's
    /// options are known.
    static func pluginFolders(_ arguments: [String]) throws -> [String] {
        var folders: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--plugins" {
                guard index + 1 < arguments.count else { throw ZooError("--plugins needs a folder") }
                folders.append(arguments[index + 1])
            } else if argument.hasPrefix("--plugins=") {
                folders.append(String(argument.dropFirst("--plugins=".count)))
            }
        }
        return folders
    }
}
