import HDF5
import ZooCore

/// The legacy weight layout shared by Keras 2 (`.h5`, full model and weights only) and Keras 3's
/// legacy `.h5`: a group whose `layer_names` attribute lists the layers, each layer group's
/// `weight_names` attribute lists its weights in `get_weights()` order as paths relative to that
/// group. Paths are followed as recorded, never rebuilt (Keras 3 puts the model name in them for
/// Sequential models, Keras 2 appends `:0`).
enum KerasLegacyWeights {
    /// An attribute that Keras may have split into `name0`, `name1`, … (above 64 KB).
    static func stringList(_ group: HDF5Group, _ name: String) throws -> [String]? {
        if let value = try group.attribute(name) {
            guard let list = value.stringList else { throw ZooError("\(group.label): attribute '\(name)' is not a list of strings") }
            return list
        }
        var parts: [String] = []
        var i = 0
        while let value = try group.attribute("\(name)\(i)") {
            guard let list = value.stringList else { throw ZooError("\(group.label): attribute '\(name)\(i)' is not a list of strings") }
            parts += list
            i += 1
        }
        return i > 0 ? parts : nil
    }

    /// The short name of a recorded weight path ("lstm_seq/lstm_cell/kernel:0" → "kernel").
    static func shortName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.hasSuffix(":0") ? String(last.dropLast(2)) : last
    }

    /// Assigns every weight of `model` from `group` (the file root or `model_weights/`). Layers
    /// are matched by name; each layer's recorded weights must be exactly its own, in order.
    static func read(group: HDF5Group, into model: Model) throws {
        guard let layerNames = try stringList(group, "layer_names") else {
            throw ZooError("\(group.label): no 'layer_names' attribute")
        }
        var filled = Set<String>()
        for layerName in layerNames {
            guard group.kind(of: layerName) == .group else { throw ZooError("\(group.label): layer_names lists '\(layerName)' but there is no such group") }
            let layerGroup = try group.group(layerName)
            let weightNames = try stringList(layerGroup, "weight_names") ?? []
            if weightNames.isEmpty { continue }
            guard let layer = model.layer(named: layerName) else {
                throw ZooError("\(layerGroup.label): the file has weights for layer '\(layerName)', which the model does not have (layers: \(model.layers.map(\.name).joined(separator: ", ")))")
            }
            let weights = layer.weights
            guard weightNames.count == weights.count else {
                throw ZooError("\(layerGroup.label): holds \(weightNames.count) weight(s) (\(weightNames.map(shortName).joined(separator: ", "))), \(layer.label) has \(weights.count) (\(weights.map(\.name).joined(separator: ", ")))")
            }
            for (path, weight) in zip(weightNames, weights) {
                guard shortName(path) == weight.name else {
                    throw ZooError("\(layerGroup.label): weight '\(path)' is where \(layer.label) expects '\(weight.name)'")
                }
                try KerasTensorIO.assign(try layerGroup.dataset(path), to: weight, of: layer)
            }
            filled.insert(layerName)
        }
        if let missing = model.layers.first(where: { !$0.weights.isEmpty && !filled.contains($0.name) }) {
            throw ZooError("\(group.label): no weights for \(missing.label) (weight_names of the layers listed in layer_names)")
        }
        try KerasTensorIO.requireFilled(model, from: group)
    }

    /// Writes `model`'s weights into `group` in this layout. `keras2` gives Keras 2 weight names
    /// (`…/kernel:0`); otherwise Keras 3's legacy names. Attributes are ASCII strings as Keras
    /// writes them; a layer without weights gets an empty float64 `weight_names`.
    static func write(_ model: Model, group: HDF5Group, keras2: Bool, kerasVersion: String, storage: HDF5FloatStorage) throws {
        let inputNames = model.isSequential ? [] : model.inputs.map(\.name)
        try group.setAttribute("layer_names", .strings(inputNames + model.layers.map(\.name)))
        try group.setAttribute("backend", .string("tensorflow"))
        try group.setAttribute("keras_version", .string(kerasVersion))
        for name in inputNames { try group.createGroup(name).setAttribute("weight_names", .numbers([])) }
        for layer in model.layers {
            let layerGroup = try group.createGroup(layer.name)
            let paths = layer.weights.map { keras2 ? "\($0.path):0" : $0.path }
            try layerGroup.setAttribute("weight_names", paths.isEmpty ? .numbers([]) : .strings(paths))
            for (path, w) in zip(paths, layer.weights) {
                try layerGroup.createDataset(path, shape: w.shape, data: w.value.scalars, storage: storage)
            }
        }
        try group.createGroup("top_level_model_weights").setAttribute("weight_names", .numbers([]))
    }
}
