import ArgumentParser

/// `zoo generate poetry|text`: sample from the shipped generators (each a plugin's generator).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate with a pretrained model shipped in the catalog (no download needed).",
        subcommands: [GeneratePoetryCommand.self, GenerateTextCommand.self, GenerateMusicCommand.self]
    )
}
