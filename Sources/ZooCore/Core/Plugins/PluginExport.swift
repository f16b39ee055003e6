import Foundation

/// The plugin side of `PluginABI`, called by the entry point that the `CoreBuildHash`
/// build-tool plugin generates into every plugin target.
public enum PluginExport {
    /// Runs a plugin's registrations against the manifest of its own `zoo_plugin` section (the
    /// bytes the host checked); a thrown error, or a registration the manifest does not list,
    /// becomes the message `zoo_plugin_register` returns (owned by the process, never freed).
    public static func register(section: [UInt8], _ body: (PluginRegistrar) throws -> Void) -> UnsafePointer<CChar>? {
        do {
            let registrar = PluginRegistrar(manifest: try PluginABI.section(section).manifest)
            try body(registrar)
            try registrar.finish()
            return nil
        } catch {
            return UnsafePointer(strdup("\(error)"))
        }
    }
}
