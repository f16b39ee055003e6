import Foundation

/// The plugin side of `PluginABI`, called by the entry points that the `CoreBuildHash`
/// build-tool plugin generates into every plugin target.
public enum PluginExport {
    /// Lays out a `zoo_plugin_header` in memory that lives as long as the process (the host asks
    /// once per load).
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
