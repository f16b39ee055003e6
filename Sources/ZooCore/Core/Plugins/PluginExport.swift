import Foundation

/// The plugin side of `PluginABI`: builds the header a plugin's `zoo_plugin_header` returns.
///
///     @_cdecl("zoo_plugin_header")
///     public func zooPluginHeader() -> UnsafeRawPointer { PluginExport.header(MyPlugin.manifest) }
///     @_cdecl("zoo_plugin_register") public func zooPluginRegister() -> UnsafePointer<CChar>? {
///         PluginExport.register { ... LayerRegistry.shared.register(...) ... }
///     }
public enum PluginExport {
    /// A new header for `manifest` (the host asks once per load), stamped with the core this plugin is being compiled against
    /// (the body is emitted into the plugin, so `CoreBuild.compiledAgainst` is the plugin's).
    @_alwaysEmitIntoClient
    public static func header(_ manifest: PluginManifest) -> UnsafeRawPointer {
        makeHeader(manifest: manifest, abiVersion: PluginABI.version, coreBuild: CoreBuild.compiledAgainst)
    }

    /// Lays out a `zoo_plugin_header` in memory that lives as long as the process.
    public static func makeHeader(manifest: PluginManifest, abiVersion: UInt32, coreBuild: String) -> UnsafeRawPointer {
        let header = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 8)
        header.storeBytes(of: abiVersion, toByteOffset: 0, as: UInt32.self)
        header.storeBytes(of: 0, toByteOffset: 4, as: UInt32.self)
        header.storeBytes(of: UnsafePointer(strdup(coreBuild)), toByteOffset: 8, as: UnsafePointer<CChar>?.self)
        header.storeBytes(of: UnsafePointer(strdup(manifest.json.serialized())), toByteOffset: 16, as: UnsafePointer<CChar>?.self)
        return UnsafeRawPointer(header)
    }

    /// Runs a plugin's registrations; a thrown error becomes the message `zoo_plugin_register`
    /// returns (owned by the process, never freed).
    public static func register(_ body: () throws -> Void) -> UnsafePointer<CChar>? {
        do {
            try body()
            return nil
        } catch {
            return UnsafePointer(strdup("\(error)"))
        }
    }
}
