import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds, checks and loads plugin `.so` files, and remembers what it found for `zoo plugins`.
///
/// Discovery order: folders given to `load(folder:)` (the CLI's `--plugins DIR`), then
/// `ZOO_PLUGIN_PATH` (colon-separated), then the folder of the running executable. The first
/// plugin of a name wins; a later one of the same name is refused as shadowed. A `.so` without
/// a `zoo_plugin` section and register symbol is not a plugin and is skipped quietly
/// (libZooCore.so is one). Everything that decides whether a plugin may run is read from the file
/// (see `PluginABI`) before it is opened: a refused plugin never runs a line of code.
/// The registries call `loadDefaults()` before their first lookup, so a library user gets the
/// standard discovery without asking for it.
public final class PluginHost: @unchecked Sendable {
    /// The process's one host (plugins register into process-wide registries).
    public static let shared = PluginHost()

    private let lock = NSRecursiveLock()
    private var records: [PluginRecord] = []
    private var searched: [URL] = []
    private var defaultsLoaded = false
    private var known: [(library: String, manifest: PluginManifest)] = []

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
            for file in Self.libraries(in: folder) { load(file: file) }
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

    /// What a file says about itself, read without loading it.
    enum FileCheck {
        case notPlugin
        case refused(PluginManifest?, String)
        /// ABI version and core build match this host's.
        case passes(PluginManifest)
    }

    /// Decides from the file alone (its `zoo_plugin` section: ABI version, core build, manifest)
    /// whether it may run.
    static func check(_ file: URL) -> FileCheck {
        let bytes: [UInt8]
        switch ELFFile.inspect(file, symbol: PluginABI.registerSymbol, section: PluginABI.sectionName) {
        case let .notELF(reason):
            return .refused(nil, "\(reason), not a plugin library")
        case .sharedObject(defines: false, section: nil):
            return .notPlugin
        case .sharedObject(defines: true, section: nil):
            return .refused(nil, "exports \(PluginABI.registerSymbol) but has no readable \(PluginABI.sectionName) section (built for plugin ABI version 1?); rebuild the plugin against this core")
        case let .sharedObject(defines, section?):
            guard defines else { return .refused(nil, "has a \(PluginABI.sectionName) section but no \(PluginABI.registerSymbol) function") }
            bytes = section
        }
        let section: PluginABI.Section
        do { section = try PluginABI.section(bytes) } catch { return .refused(nil, "\(error)") }
        guard section.coreBuild == CoreBuild.current else {
            return .refused(section.manifest, "built against core \(section.coreBuild), this zoo runs core \(CoreBuild.current); rebuild the plugin against this core")
        }
        return .passes(section.manifest)
    }

    /// The manifests of the plugins in `folders` that this host would load (first of a name),
    /// read from their files without loading anything (for help texts).
    public static func manifests(in folders: [URL]) -> [PluginManifest] {
        var found: [PluginManifest] = []
        for file in folders.flatMap(libraries) {
            if case let .passes(manifest) = check(file), !found.contains(where: { $0.name == manifest.name }) { found.append(manifest) }
        }
        return found
    }

    /// The `.so` files of a folder (not recursive), in name order.
    static func libraries(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".so") }.map { folder.appendingPathComponent($0) }
    }

    /// Checks the file, then shadowing; opens it and calls its register function only when all pass.
    private func examine(_ file: URL) -> PluginRecord? {
        if records.contains(where: { $0.path.resolvingSymlinksInPath() == file.resolvingSymlinksInPath() }) { return nil }
        let manifest: PluginManifest
        switch Self.check(file) {
        case .notPlugin: return nil
        case let .refused(manifest, reason): return PluginRecord(path: file, manifest: manifest, status: .refused(reason))
        case let .passes(passed): manifest = passed
        }
        if let first = records.first(where: { $0.manifest?.name == manifest.name && $0.status == .loaded }) {
            return PluginRecord(path: file, manifest: manifest, status: .refused("shadowed by \(first.path.path) (same plugin name '\(manifest.name)')"))
        }
        // Opened only now that it passed; never closed (Swift images cannot be unloaded).
        guard let handle = dlopen(file.path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            return PluginRecord(path: file, manifest: manifest, status: .refused("cannot be loaded: \(reason)"))
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

    /// Plugins the host's package builds, by library file name, so an error can name the plugin
    /// that provides a missing name even when its file is absent (the `zoo` executable sets its
    /// generated list).
    public func expect(_ plugins: [(library: String, manifest: PluginManifest)]) {
        lock.withLock { known = plugins }
    }

    /// Why a layer class, preset or generator is unknown: the plugin that provides it was refused
    /// (and why), or was not found (and where the host looked).
    func explainMissing(_ kind: PluginManifest.Kind, _ name: String) -> String {
        loadDefaults()
        let seen = plugins
        if let record = seen.first(where: { $0.manifest.map { kind.names(in: $0).contains(name) } == true }),
           case let .refused(reason) = record.status {
            return "the plugin '\(record.manifest?.name ?? "?")' provides it, but \(record.path.path) was refused: \(reason)"
        }
        if let expected = lock.withLock({ known }).first(where: { kind.names(in: $0.manifest).contains(name) }),
           !seen.contains(where: { $0.manifest?.name == expected.manifest.name && $0.status == .loaded }) {
            let folders = searchedFolders.map(\.path).joined(separator: ", ")
            return "the plugin '\(expected.manifest.name)' (\(expected.library)) provides it, but it was not found in \(folders); use --plugins DIR or ZOO_PLUGIN_PATH"
        }
        return "neither the core nor a loaded plugin provides it"
    }
}
