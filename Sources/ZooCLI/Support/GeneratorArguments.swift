import ArgumentParser
import ZooCore

/// The arguments after `zoo generate NAME`, split by the generator's declared options: its own
/// values (validated, defaults filled in) and the rest, which `GenerateOptions` parses.
struct GeneratorArguments {
    var values: [String: String] = [:]
    var rest: [String] = []
    var help = false

    init(_ arguments: [String], options: [GeneratorOption]) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                help = true
                continue
            }
            var flag = argument, inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { "--\($0.name)" == flag || $0.short.map { "-\($0)" } == flag }) else {
                rest.append(argument)
                continue
            }
            guard values[option.name] == nil else { throw ZooError("--\(option.name) is given more than once") }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { throw ZooError("--\(option.name) needs a value \(option.valueName)") }
                value = arguments[index]
                index += 1
            }
            try option.validate(value)
            values[option.name] = value
        }
        guard !help else { return }
        values = try GenerationRequest(options: values, sampler: try Sampler(), seed: 0).checked(against: options).options
    }

    /// `zoo generate NAME --help`: the generator's options, then the common ones.
    static func help(_ entry: GeneratorRegistry.Entry) -> String {
        var lines = ["OVERVIEW: \(entry.summary) (plugin \(entry.provider); default model \(entry.defaultModel)).", "",
                     "USAGE: zoo generate \(entry.name) [options]", "", "\(entry.name.uppercased()) OPTIONS:"]
        for option in entry.options {
            let flag = (option.short.map { "-\($0), " } ?? "") + "--\(option.name) \(option.valueName)"
            var help = option.help
            if let value = option.defaultValue, !value.isEmpty { help += " (default: \(value))" }
            if option.required { help += " (required)" }
            lines.append("  " + flag.padding(toLength: max(24, flag.count + 2), withPad: " ", startingAt: 0) + help)
        }
        let common = GenerateOptions.helpMessage(columns: 100).components(separatedBy: "OPTIONS:").last ?? ""
        return lines.joined(separator: "\n") + "\n\nOPTIONS OF EVERY GENERATOR:" + common
    }

    /// `zoo generate NAME --help --json`: the generator and its option schema.
    static func schema(_ entry: GeneratorRegistry.Entry) -> JSONValue {
        ["name": .string(entry.name), "summary": .string(entry.summary), "plugin": .string(entry.provider),
         "default_model": .string(entry.defaultModel), "samples": .bool(entry.samples), "options": .array(entry.options.map(\.json))]
    }
}
