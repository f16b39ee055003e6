import Foundation
import ZooCore

/// A model file format of this plugin: `.tinymodel`, a text file holding a stack of Dense layers —
/// its Keras config on one line, then one line per weight with its Keras path, shape and values:
///
///     tinymodel 1
///     config {"class_name": "Sequential", …}
///     weight out/kernel 3,2 0.5 -0.25 …
///
/// Recognised by its first line whatever the file's name; read and written. The writer's option
/// `note` adds a line `note TEXT` after the first, which the reader skips.
enum TinyModelFormat {
    static let firstLine = "tinymodel 1"

    static let format = ModelFormat(
        name: "tinymodel", extensions: ["tinymodel"],
        summary: "a Dense stack as text: Keras config and weights (an out-of-tree example format)",
        sniff: { head, _ in head.starts(with: Array((firstLine + "\n").utf8)) },
        read: { url, _ in
            LoadedModel(model: try naming(url) { try read(url) }, description: "tinymodel text file")
        },
        write: { request in
            try naming(request.destination) { try write(request.model, note: request.options.value("note"), to: request.destination) }
            return [request.destination]
        },
        writeOptions: [FormatOption("note", .value, help: "A line of text kept in the file (one line).")]
    )

    /// Runs `body`, its errors given the file's path in front (once).
    static func naming<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ZooError where !error.message.hasPrefix(url.path) {
            throw ZooError("\(url.path): \(error.message)")
        }
    }

    /// The most bytes a tinymodel file may hold (a few small Dense layers as text).
    static let maximumBytes = 16 << 20

    static func read(_ url: URL) throws -> Model {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumBytes else { throw ZooError("\(size) bytes, more than the \(maximumBytes) a tinymodel file may hold") }
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else { throw ZooError("not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == firstLine else { throw ZooError("not a tinymodel file (the first line is not '\(firstLine)')") }
        lines.removeFirst()
        if lines.first?.hasPrefix("note ") == true { lines.removeFirst() }
        guard let configLine = lines.first, configLine.hasPrefix("config ") else { throw ZooError("no line 'config {…}' after the first") }
        lines.removeFirst()
        let config: JSONValue
        do { config = try JSONValue.parse(String(configLine.dropFirst("config ".count))) } catch {
            throw ZooError("the config is not valid JSON (\(error))")
        }
        let model = try Model.fromKeras(config: config, weightsFromFile: true)
        try checkDense(model)
        let first = text.split(separator: "\n").count - lines.count + 1
        for (index, line) in lines.enumerated() {
            let fields = line.split(separator: " ").map(String.init)
            let number = first + index
            guard fields.count >= 3, fields[0] == "weight" else { throw ZooError("line \(number) is not 'weight PATH SHAPE VALUES…'") }
            guard let weight = model.weights.first(where: { $0.path == fields[1] }) else {
                throw ZooError("line \(number): the model has no weight '\(fields[1])'")
            }
            let shape = fields[2].split(separator: ",").compactMap { Int($0) }
            guard shape == weight.shape else {
                throw ZooError("line \(number): '\(fields[1])' has shape \(fields[2]), the model's is \(weight.shape.map(String.init).joined(separator: ","))")
            }
            let values = fields.dropFirst(3).compactMap { Float($0) }
            guard values.count == fields.count - 3, values.count == Shape.count(shape), values.allSatisfy(\.isFinite) else {
                throw ZooError("line \(number): '\(fields[1])' needs \(Shape.count(shape)) finite numbers")
            }
            try weight.assign(Tensor(shape: shape, scalars: values))
        }
        if let missing = model.firstUnfilledWeight { throw ZooError("no values for the weight '\(missing.path)'") }
        return model
    }

    static func write(_ model: Model, note: String?, to url: URL) throws {
        try checkDense(model)
        if let note, note.contains(where: \.isNewline) { throw ZooError("the note must be one line") }
        var text = firstLine + "\n" + (note.map { "note \($0)\n" } ?? "") + "config " + (try model.kerasConfig()).serialized() + "\n"
        for weight in model.weights {
            let values = weight.value.scalars.map { "\($0)" }.joined(separator: " ")
            text += "weight \(weight.path) \(weight.shape.map(String.init).joined(separator: ",")) \(values)\n"
        }
        try AtomicFile.write(Data(text.utf8), to: url)
    }

    /// A tinymodel holds Dense layers only.
    static func checkDense(_ model: Model) throws {
        if let other = model.layers.first(where: { !($0 is Dense) }) {
            throw ZooError("a tinymodel holds Dense layers only; layer '\(other.name)' is \(type(of: other).kerasClassName)")
        }
    }
}
