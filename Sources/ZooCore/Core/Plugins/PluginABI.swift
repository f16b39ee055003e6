/// The binary contract between the `zoo` host and a plugin `.so` (version 2).
///
/// A plugin carries an ELF section named `zoo_plugin` that the host reads from the file before
/// anything is loaded:
///
///     offset  0: "ZOOPLUGN"            magic, 8 bytes
///     offset  8: uint32 abi_version    little-endian: PluginABI.version the plugin was built for
///     offset 12: uint32 manifest_size  little-endian, bytes of the manifest
///     offset 16: core_build            16 ASCII hex digits: the CoreBuild hash it was compiled against
///     offset 32: manifest              PluginManifest as UTF-8 JSON, manifest_size bytes
///
/// and exports one C function, called only when the section's ABI version, core build and
/// manifest pass the host's checks:
///
///     const char *zoo_plugin_register(void);   // NULL on success, else a message
///
/// A plugin does not write either: the `CoreBuildHash` build-tool plugin of the ZooCore package
/// generates both into the plugin target from its `ZooPluginEntry.swift` (see `ZooPlugin`).
public enum PluginABI {
    /// Bumped whenever the section layout or the meaning of a field changes.
    public static let version: UInt32 = 2
    /// The ELF section holding the header and the manifest.
    static let sectionName = "zoo_plugin"
    /// The C function the host calls after `dlopen` (a plugin that passed the checks).
    static let registerSymbol = "zoo_plugin_register"
    /// The section's first 8 bytes.
    public static let magic = Array("ZOOPLUGN".utf8)

    /// What a `zoo_plugin` section says.
    public struct Section: Equatable, Sendable {
        /// The plugin ABI the plugin was built for (`PluginABI.version`).
        let abiVersion: UInt32
        /// The 16-hex hash of the core sources the plugin was built against (`CoreBuild.current`).
        let coreBuild: String
        /// What the plugin registers, generated from its `ZooPluginEntry.swift`.
        public let manifest: PluginManifest
    }

    /// Reads a `zoo_plugin` section; the ABI version is checked first, since a plugin of another
    /// version may lay out the rest differently.
    static func section(_ bytes: [UInt8]) throws -> Section {
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else { throw ZooError("its zoo_plugin section does not start with \"ZOOPLUGN\"") }
        func u32(_ at: Int) -> UInt32 { bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        let abi = u32(8)
        guard abi == version else {
            throw ZooError("built for plugin ABI version \(abi), this zoo speaks version \(version); rebuild the plugin against this core")
        }
        let size = Int(u32(12))
        guard bytes.count >= 32, size <= bytes.count - 32 else { throw ZooError("its zoo_plugin section is truncated (manifest of \(size) bytes declared)") }
        let build = bytes[16..<32]
        guard build.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { throw ZooError("its zoo_plugin section has a malformed core build") }
        let manifest: PluginManifest
        do {
            manifest = try PluginManifest(json: try JSONValue.parse(String(decoding: bytes[32..<(32 + size)], as: UTF8.self)))
        } catch {
            throw ZooError("unreadable manifest: \(error)")
        }
        return Section(abiVersion: abi, coreBuild: String(decoding: build, as: UTF8.self), manifest: manifest)
    }
}
