import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds, checks and loads plugin `.so` files, and remembers what it found for `zoo plugins`.
///
/// Discovery order: folders given to `load(folder:)` (the CLI's `--plugins DIR`), then
/// `ZOO_PLUGIN_PATH` (colon-separated), then the folder of the running executable. The first
/// plugin of a name wins; a later one of the same name is refused as shadowed. A `.so` without
/// the header symbol is not a plugin and is skipped quietly (libZooCore.so is one); that is
/// decided from its ELF symbol table, before anything is loaded.
/// The registries call `loadDefaults()` before their first lookup, so a library user gets the
/// standard discovery without asking for it.
public final class PluginHost: @unchecked Sendable {
    public static let shared = PluginHost()

    private let lock = NSRecursiveLock()
    private var records: [PluginRecord] = []
    private var searched: [URL] = []
    private var defaultsLoaded = false

    private init() {}

    /// Everything examined so far, in discovery order.
    public var plugins: [PluginRecord] { lock.withLock { records } }

    /// The folders searched so far, in order.
    public var searchedFolders: [URL] { lock.withLock { searched } }

    /// `ZOO_PLUGIN_PATH` then the executable's folder.
    public static var defaultFolders: [URL] {
        var folders: [URL] = []
        if let path = ProcessInfo.processInfo.environment["ZOO_PLUGIN_PATH"] {
            folders += path.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        folders.append(exe.deletingLastPathComponent())
        return folders
    }

    /// Loads the plugins of the default folders, once.
    public func loadDefaults() {
        lock.withLock {
            guard !defaultsLoaded else { return }
            defaultsLoaded = true
            for folder in Self.defaultFolders { load(folder: folder) }
        }
    }

    /// Loads every plugin `.so` in `folder` (not recursive, in name order).
    public func load(folder: URL) {
        lock.withLock {
            let folder = folder.standardizedFileURL
            guard !searched.contains(folder) else { return }
            searched.append(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".so") {
                load(file: folder.appendingPathComponent(name))
            }
        }
    }

    /// Checks one file and, when it passes, lets it register. Returns nil for a `.so` that is
    /// not a plugin.
    @discardableResult
    public func load(file: URL) -> PluginRecord? {
        lock.withLock {
            guard let record = examine(file) else { return nil }
            records.append(record)
            return record
        }
    }

    private func examine(_ file: URL) -> PluginRecord? {
        let path = file.path
        if records.contains(where: { $0.path.resolvingSymlinksInPath() == file.resolvingSymlinksInPath() }) { return nil }
        switch ELFSymbols.inspect(file, defining: PluginABI.headerSymbol) {
        case let .notELF(reason):
            return PluginRecord(path: file, manifest: nil, status: .refused("\(reason), not a plugin library"))
        case .sharedObject(defines: false):
            return nil
        case .sharedObject(defines: true):
            break
        }
        // Opened only now that it declares itself a plugin; never closed (Swift images cannot be unloaded).
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            return PluginRecord(path: file, manifest: nil, status: .refused("cannot be loaded: \(reason)"))
        }
        guard let headerSymbol = dlsym(handle, PluginABI.headerSymbol) else {
            return PluginRecord(path: file, manifest: nil, status: .refused("declares \(PluginABI.headerSymbol) but dlsym cannot find it"))
        }
        typealias HeaderFunction = @convention(c) () -> UnsafeRawPointer?
        guard let header = unsafeBitCast(headerSymbol, to: HeaderFunction.self)() else {
            return PluginRecord(path: file, manifest: nil, status: .refused("its \(PluginABI.headerSymbol)() returned NULL"))
        }
        let abi = header.load(fromByteOffset: 0, as: UInt32.self)
        guard abi == PluginABI.version else {
            return PluginRecord(path: file, manifest: nil,
                                status: .refused("built for plugin ABI version \(abi), this zoo speaks version \(PluginABI.version); rebuild the plugin against this core"))
        }
        let coreBuild = header.load(fromByteOffset: 8, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
        let manifestText = header.load(fromByteOffset: 16, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
        let manifest: PluginManifest
        do {
            manifest = try PluginManifest(json: try JSONValue.parse(manifestText))
        } catch {
            return PluginRecord(path: file, manifest: nil, status: .refused("unreadable manifest: \(error)"))
        }
        guard coreBuild == CoreBuild.current else {
            return PluginRecord(path: file, manifest: manifest,
                                status: .refused("built against core \(coreBuild), this zoo runs core \(CoreBuild.current); rebuild the plugin against this core"))
        }
        if let first = records.first(where: { $0.manifest?.name == manifest.name && $0.status == .loaded }) {
            return PluginRecord(path: file, manifest: manifest, status: .refused("shadowed by \(first.path.path) (same plugin name '\(manifest.name)')"))
        }
        guard let registerSymbol = dlsym(handle, PluginABI.registerSymbol) else {
            return PluginRecord(path: file, manifest: manifest, status: .refused("missing symbol \(PluginABI.registerSymbol)"))
        }
        typealias RegisterFunction = @convention(c) () -> UnsafePointer<CChar>?
        if let failure = unsafeBitCast(registerSymbol, to: RegisterFunction.self)() {
            return PluginRecord(path: file, manifest: manifest, status: .refused("registration failed: \(String(cString: failure))"))
        }
        return PluginRecord(path: file, manifest: manifest, status: .loaded)
    }

    /// Why a layer class, preset or generator is unknown: the plugin that provides it was refused
    /// (and why), or was not found (and where the host looked).
    public func explainMissing(_ kind: StandardPlugins.Kind, _ name: String) -> String {
        loadDefaults()
        let seen = plugins
        if let record = seen.first(where: { $0.manifest.map { kind.names(in: $0).contains(name) } == true }),
           case let .refused(reason) = record.status {
            return "the plugin '\(record.manifest?.name ?? "?")' provides it, but \(record.path.path) was refused: \(reason)"
        }
        if let plugin = StandardPlugins.provider(of: kind, name), !seen.contains(where: { $0.manifest?.name == plugin && $0.status == .loaded }) {
            let folders = searchedFolders.map(\.path).joined(separator: ", ")
            return "the plugin '\(plugin)' (\(StandardPlugins.fileName(of: plugin))) provides it, but it was not found in \(folders); use --plugins DIR or ZOO_PLUGIN_PATH"
        }
        return "neither the core nor a loaded plugin provides it"
    }
}
