/// The binary contract between the `zoo` host and a plugin `.so` (version 1).
///
/// A plugin exports two C-named functions:
///
///     const zoo_plugin_header *zoo_plugin_header(void);
///     const char *zoo_plugin_register(void);   // NULL on success, else a message
///
/// with, at fixed offsets (`PluginExport` writes it, `PluginHost` reads it):
///
///     typedef struct {
///         uint32_t abi_version;       // offset 0: PluginABI.version the plugin was built for
///         uint32_t reserved;          // offset 4: 0
///         const char *core_build;     // offset 8: CoreBuild hash the plugin was compiled against
///         const char *manifest_json;  // offset 16: PluginManifest as UTF-8 JSON
///     } zoo_plugin_header;
///
/// The host reads `abi_version` first; only when it and `core_build` match its own does it call
/// `zoo_plugin_register`, which adds the plugin's layers, presets and generators to the registries.
/// A plugin does not write these functions: the `CoreBuildHash` build-tool plugin of the ZooCore
/// package generates them into the plugin target, calling its `ZooPluginEntry` (see `ZooPlugin`).
public enum PluginABI {
    /// Bumped whenever the header layout or the meaning of a field changes.
    public static let version: UInt32 = 1

    /// `version` as compiled into a client: the generated entry points read this, so a plugin
    /// keeps the ABI version of the core it was built with.
    @_alwaysEmitIntoClient
    public static var compiledVersion: UInt32 { 1 }
    public static let headerSymbol = "zoo_plugin_header"
    public static let registerSymbol = "zoo_plugin_register"
}
