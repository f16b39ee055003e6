import Foundation
import ZooCore

/// Runs a plugin's generator for a `zoo generate` subcommand: loads the plugins, opens the
/// model (the named one or the generator's shipped default), prints the output to stdout and
/// one line of information with the time taken to stderr.
enum GeneratorRun {
    static func run(generator name: String, command: String, model: String?, options: [String: String],
                    sampling: SamplingOptions, plugins: PluginOptions, count: Int, json: Bool) throws {
        try Failure.guarding(command) {
            let started = Date()
            plugins.load()
            let entry = try GeneratorRegistry.shared.entry(name)
            let generator = try entry.make(try ModelBundle.locate(model ?? entry.defaultModel))
            let request = GenerationRequest(options: options, sampler: try sampling.sampler(), seed: sampling.seed, count: count, json: json)
            let output = try generator.generate(request)
            if !output.stdout.isEmpty { print(output.stdout) }
            FileHandle.standardError.write(Data("\(output.info) · \(String(format: "%.2f", Date().timeIntervalSince(started))) s\n".utf8))
        }
    }
}
