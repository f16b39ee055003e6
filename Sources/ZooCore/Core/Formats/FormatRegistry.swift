import Foundation

/// The model file formats the zoo reads and writes. The RNNZoo library registers the zoo's own
/// (Keras, ONNX, the RNNZoo checkpoint, the zoo bundle); plugins add theirs through
/// `PluginRegistrar.format`, loaded by `PluginHost` before the first lookup.
public final class FormatRegistry: @unchecked Sendable {
    /// How many leading bytes a sniffer sees.
    static let sniffLength = 4096
    /// The process's registry.
    public static let shared = FormatRegistry()
    private let lock = NSLock()
    private var entries: [(format: ModelFormat, provider: String)] = []

    private init() {}

    /// Adds a format from `provider` (a plugin's name, or the library that registers it). A name or
    /// an extension that a registered format already has is refused with the owner's name, and so
    /// is a format that neither reads nor writes or has a malformed extension.
    public func register(_ format: ModelFormat, provider: String) throws {
        guard !format.name.isEmpty, format.name.allSatisfy({ $0.isLetter || $0.isNumber || "-_. ".contains($0) }) else {
            throw ZooError("format name '\(format.name)' must be letters, digits, '-', '_', '.' or spaces")
        }
        guard format.read != nil || format.write != nil else { throw ZooError("format '\(format.name)' neither reads nor writes") }
        guard !format.extensions.isEmpty else { throw ZooError("format '\(format.name)' declares no file extension") }
        for ext in format.extensions {
            guard !ext.isEmpty, !ext.hasPrefix("."), !ext.hasSuffix("."),
                  ext.allSatisfy({ ($0.isLowercase || $0.isNumber || "-_.".contains($0)) && $0.isASCII }) else {
                throw ZooError("format '\(format.name)': extension '\(ext)' must be lowercase ASCII letters, digits, '-', '_' and inner dots, without the leading dot")
            }
        }
        try lock.withLock {
            if let owner = entries.first(where: { $0.format.name.lowercased() == format.name.lowercased() }) {
                throw ZooError("format '\(format.name)' is already registered by \(owner.provider)")
            }
            for ext in format.extensions {
                if let owner = entries.first(where: { $0.format.extensions.contains(ext) }) {
                    throw ZooError("format '\(format.name)' claims .\(ext), which the format '\(owner.format.name)' of \(owner.provider) has")
                }
            }
            entries.append((format, provider))
        }
    }

    /// Every registered format, in registration order (default plugins loaded first).
    public var formats: [ModelFormat] {
        PluginHost.shared.loadDefaults()
        return lock.withLock { entries.map(\.format) }
    }

    /// The format called `name` (case-insensitive), if any.
    public func format(named name: String) -> ModelFormat? {
        formats.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Which library or plugin registered the format called `name`.
    public func provider(of name: String) -> String? {
        PluginHost.shared.loadDefaults()
        return lock.withLock { entries.first { $0.format.name.lowercased() == name.lowercased() }?.provider }
    }

    /// "Keras (.keras, .weights.h5, .h5, .hdf5), ONNX (.onnx, write only), …", by name.
    public var known: String { Self.list(formats) }

    /// The formats' listings, by name.
    private static func list(_ formats: [ModelFormat]) -> String {
        formats.isEmpty ? "none" : formats.sorted { $0.name.lowercased() < $1.name.lowercased() }.map(\.listing).joined(separator: ", ")
    }

    /// The format that reads `url`: the first whose sniffer recognises the content, else the one of
    /// its extension. An unreadable file, a format that is only written and an unknown file are
    /// one line naming the file.
    public func format(reading url: URL) throws -> ModelFormat { try reader(for: url).format }

    /// The format that writes `url`, by its extension (the longest that matches).
    public func format(writing url: URL) throws -> ModelFormat { try writer(for: url).format }

    /// Refuses an option that `format`'s writer does not declare, or that it declares as a flag or
    /// one value and was given a value or several, naming the formats the option applies to.
    public func check(_ options: FormatOptions, for format: ModelFormat, destination: URL) throws {
        for name in options.names {
            guard let declared = format.writeOptions.first(where: { $0.name == name }) else {
                let owners = formats.filter { $0.writeOptions.contains { $0.name == name } }
                let applies = owners.isEmpty ? "no format takes it" : "it applies to \(Self.list(owners))"
                throw ZooError("\(destination.path): --\(name) does not apply to \(format.name) files (\(applies))")
            }
            let values = options.values(name)
            switch declared.kind {
            case .flag where values.contains(where: { !["yes", "no", "true", "false"].contains($0) }):
                throw ZooError("--\(name) is a switch; it takes no value")
            case .flag, .value:
                if values.count > 1 { throw ZooError("--\(name) takes one value, got \(values.count)") }
            case .values:
                break
            }
        }
    }

    /// Reads `url` with the format that recognises it; the loaded model names that format.
    public func read(_ url: URL, options: ModelReadOptions = ModelReadOptions()) throws -> LoadedModel {
        let (format, read) = try reader(for: url)
        var loaded = try read(url, options)
        loaded.format = format.name
        return loaded
    }

    /// Writes a model with the format of `request.destination`'s extension after checking the
    /// options; returns the files written.
    @discardableResult
    public func write(_ request: ModelWriteRequest) throws -> [URL] {
        let (format, write) = try writer(for: request.destination)
        try check(request.options, for: format, destination: request.destination)
        return try write(request)
    }

    private func reader(for url: URL) throws -> (format: ModelFormat, read: ModelFormat.Reader) {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else { throw ZooError("\(path): no such readable file") }
        let head = [UInt8]((try? handle.read(upToCount: Self.sniffLength)) ?? Data())
        try? handle.close()
        let all = formats
        for format in all {
            if let read = format.read, format.sniff?(head, url) == true { return (format, read) }
        }
        guard let named = byExtension(url, among: all) else {
            throw ZooError("\(path): unknown model format: neither its content nor its name is one of the formats known: \(known)")
        }
        guard let read = named.read else {
            throw ZooError("\(path): \(named.name) files are written, not read (formats read: \(Self.list(all.filter { $0.read != nil })))")
        }
        return (named, read)
    }

    private func writer(for url: URL) throws -> (format: ModelFormat, write: ModelFormat.Writer) {
        let all = formats
        guard let named = byExtension(url, among: all) else {
            throw ZooError("\(url.path): unknown model format: name the file with the extension of one of the formats known: \(known)")
        }
        guard let write = named.write else {
            throw ZooError("\(url.path): \(named.name) files are read, not written (formats written: \(Self.list(all.filter { $0.write != nil })))")
        }
        return (named, write)
    }

    private func byExtension(_ url: URL, among all: [ModelFormat]) -> ModelFormat? {
        all.compactMap { format in format.matchingExtension(url).map { (format, $0.count) } }.max { $0.1 < $1.1 }?.0
    }
}
