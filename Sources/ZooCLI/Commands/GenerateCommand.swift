import ArgumentParser

/// `zoo generate poetry|music`: sample from the shipped generators.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate with a pretrained model shipped in the catalog (no download needed).",
        subcommands: [GeneratePoetryCommand.self, GenerateMusicCommand.self]
    )
}
