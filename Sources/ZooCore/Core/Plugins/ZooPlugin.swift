/// What a plugin target defines, as `enum ZooPluginEntry: ZooPlugin`: its manifest and the
/// registrations it makes. The entry points the host calls are generated from it by the
/// `CoreBuildHash` build-tool plugin (see Plugins/README.md).
public protocol ZooPlugin {
    /// What the plugin provides; the host reads it before anything is registered.
    static var manifest: PluginManifest { get }
    /// Adds the plugin's layers, presets and generators to the registries.
    static func register() throws
}
