import ArgumentParser
import ZooCatalog

/// Which registry a catalog command reads: `--registry`, else `$ZOO_REGISTRY`, else the catalog
/// shipped with zoo.
struct RegistryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Registry: a folder, a file:// URL or an http:// base URL serving index.json (default: $ZOO_REGISTRY, else the shipped catalog).",
                               valueName: "URL"))
    var registry: String?

    func resolve() throws -> Registry {
        try Registry.resolve(registry)
    }
}
