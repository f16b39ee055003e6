import Archive
import Foundation
import ZooCore

/// The zoo bundle (`.zoo`) as a registered format: a `.keras` archive that also holds `card.json`,
/// recognised by that member whatever the file's name.
public enum ZooBundleModelFormat {
    /// The registration: read as the model with the bundle's metadata, card and data files (what
    /// the generator plugins read their bundles through, so that they link no format); written with a
    /// card (`card`, else the source bundle's), the source's metadata, data files (`include`,
    /// repeatable, and a source bundle's own) and `float16` weights.
    public static let format = ModelFormat(
        name: "zoo bundle", extensions: [ZooBundle.fileExtension],
        summary: "a .keras archive with the model card and the model's data files (the catalog's models)",
        sniff: { head, url in
            head.starts(with: [0x50, 0x4b, 0x03, 0x04]) && ((try? ZipReader(contentsOf: url))?.contains("card.json") ?? false)
        },
        read: { url, _ in
            let bundle = try ZooBundle(contentsOf: url)
            return LoadedModel(model: try bundle.model(), description: "zoo bundle \(bundle.name)\(bundle.version.map { " \($0)" } ?? "")",
                               metadata: try bundle.metadata(), card: bundle.card, dataFiles: bundle.dataFiles, readDataFile: bundle.data)
        },
        write: { request in
            try write(request)
            return [request.destination]
        },
        writeOptions: [
            FormatOption("card", .value, help: "The model card (JSON with at least name and version); from a bundle, its own card by default."),
            FormatOption("include", .values, help: "A data file to carry in the bundle (vocabulary, table); repeatable."),
            FormatOption("float16", help: "Store the weights as float16."),
        ]
    )

    /// A bundle of the request's model. From a bundle, its card and data files carry over unless
    /// `card` or an `include` of the same name replaces them, so converting a bundle in place (to
    /// float16, say) keeps everything it held.
    private static func write(_ request: ModelWriteRequest) throws {
        let sourceBundle = request.source.flatMap { try? ZooBundle(contentsOf: $0) }
        let card: JSONValue
        if let path = request.options.value("card") {
            do { card = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw ZooError("\(path): not a readable JSON card (\(SystemReason.reason(error)))")
            }
        } else if request.card != .null {
            card = request.card
        } else {
            throw ZooError("\(request.destination.path): a .zoo bundle needs --card card.json")
        }
        var files = try request.options.values("include").map { path -> (String, [UInt8]) in
            guard let data = FileManager.default.contents(atPath: path) else { throw ZooError("\(path): cannot read the file to include") }
            return (URL(fileURLWithPath: path).lastPathComponent, [UInt8](data))
        }
        if let sourceBundle {
            for name in sourceBundle.dataFiles where !files.contains(where: { $0.0 == name }) {
                files.append((name, try sourceBundle.data(name)))
            }
        }
        try ZooBundle.write(request.model, card: card, metadata: request.metadata, files: files,
                            float16: request.options.flag("float16"), to: request.destination)
    }
}
