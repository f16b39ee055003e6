import HDF5
import ZooCore

/// The Keras 3 weight layout (`save_weights`, and `model.weights.h5` inside `.keras` archives):
/// `layers/<key>/…/vars/<i>`, where `<key>` is the snake-cased class name made unique by
/// counting in `model.layers` order (`lstm`, `lstm_1`), RNN variables live under `cell/`,
/// Bidirectional's under `forward_layer/cell` and `backward_layer/cell`, TimeDistributed's under
/// `layer/`, MultiHeadAttention's under `query_dense`, `key_dense`, `value_dense` and
/// `output_dense` (tf_keras: `_query_dense`, …; Keras 3 also writes the empty groups of its
/// `_dropout_layer` and `_softmax`), and `<i>` is the `get_weights()` index. Keras 3.15 also records each layer's name as
/// the `name` attribute of its `vars` group; when present it is how layers are matched.
enum KerasV3Weights {
    /// One `vars` group of a layer: its path under the layer key, the `name` Keras records on
    /// it, and the weights it holds in index order.
    struct VarGroup {
        var path: String
        var name: String
        var weights: [Weight]
    }

    static func varGroups(_ layer: Layer) -> [VarGroup] {
        func recurrent(_ r: AnyRecurrentLayer, under prefix: String) -> [VarGroup] {
            [VarGroup(path: prefix + "vars", name: r.name, weights: []),
             VarGroup(path: prefix + "cell/vars", name: r.kerasCellName, weights: r.weights)]
        }
        switch layer {
        case let b as Bidirectional:
            return [VarGroup(path: "vars", name: b.name, weights: [])]
                + recurrent(b.forward, under: "forward_layer/") + recurrent(b.backward, under: "backward_layer/")
        case let t as TimeDistributed:
            return [VarGroup(path: "vars", name: t.name, weights: []), VarGroup(path: "layer/vars", name: t.inner.name, weights: t.inner.weights)]
        case let r as AnyRecurrentLayer:
            return recurrent(r, under: "")
        case let m as MultiHeadAttention:
            let parts = [("query_dense", "query", [m.queryKernel, m.queryBias]), ("key_dense", "key", [m.keyKernel, m.keyBias]),
                         ("value_dense", "value", [m.valueKernel, m.valueBias]),
                         ("output_dense", "attention_output", [m.outputKernel, m.outputBias])]
            return [VarGroup(path: "vars", name: m.name, weights: []), VarGroup(path: "_dropout_layer/vars", name: "dropout", weights: []),
                    VarGroup(path: "_softmax/vars", name: "softmax", weights: [])]
                + parts.map { VarGroup(path: "\($0.0)/vars", name: $0.1, weights: $0.2.compactMap { $0 }) }
        default:
            return [VarGroup(path: "vars", name: layer.name, weights: layer.weights)]
        }
    }

    /// Keras's `to_snake_case` of a class name ("GlobalAveragePooling1D" → "global_average_pooling1d").
    static func snakeCase(_ className: String) -> String {
        let chars = Array(className.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var out = ""
        for (i, c) in chars.enumerated() {
            let prev: Character? = i > 0 ? chars[i - 1] : nil
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c.isUppercase, let prev {
                let startsWord = next.map { $0.isLowercase } ?? false
                if prev.isLowercase || startsWord && prev != "_" { out += "_" }
            }
            out.append(c)
        }
        return out.lowercased()
    }

    /// The group key of each layer (and of each model input, for Functional models).
    static func keys(_ model: Model) -> [(key: String, layer: Layer?, inputName: String?)] {
        var used: [String: Int] = [:]
        func key(_ className: String) -> String {
            let base = snakeCase(className)
            if let n = used[base] {
                used[base] = n + 1
                return "\(base)_\(n + 1)"
            }
            used[base] = 0
            return base
        }
        var out: [(String, Layer?, String?)] = []
        if !model.isSequential { out += model.inputs.map { (key("InputLayer"), nil, $0.name) } }
        out += model.layers.map { (key(type(of: $0).kerasClassName), $0, nil) }
        return out
    }

    /// Assigns every weight of `model` from the `layers/` group of `root`.
    static func read(root: HDF5Group, into model: Model) throws {
        let layers = try root.group("layers")
        var keyOfName: [String: String] = [:]
        for key in try layers.memberNames() where layers.kind(of: "\(key)/vars") == .group {
            if let name = try layers.group("\(key)/vars").attribute("name")?.stringValue { keyOfName[name] = key }
        }
        for (key, layer, _) in keys(model) {
            guard let layer, !layer.weights.isEmpty else { continue }
            let groupKey = keyOfName[layer.name] ?? key
            for group in varGroups(layer) where !group.weights.isEmpty {
                var path = "\(groupKey)/\(group.path)"
                // tf_keras keys a sublayer by its private attribute (`_query_dense`).
                if layers.kind(of: path) != .group, layers.kind(of: "\(groupKey)/_\(group.path)") == .group { path = "\(groupKey)/_\(group.path)" }
                guard layers.kind(of: path) == .group else {
                    throw ZooError("\(layers.label): no weights for \(layer.label) (expected group '\(path)')")
                }
                let vars = try layers.group(path)
                let names = try vars.memberNames().filter { vars.kind(of: $0) == .dataset }.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
                guard names.count == group.weights.count else {
                    throw ZooError("\(vars.label): holds \(names.count) variable(s), \(layer.label) has \(group.weights.count) (\(group.weights.map(\.name).joined(separator: ", ")))")
                }
                for (name, weight) in zip(names, group.weights) {
                    try KerasTensorIO.assign(try vars.dataset(name), to: weight, of: layer)
                }
            }
        }
        try KerasTensorIO.requireFilled(model, from: layers)
    }

    /// Writes `model`'s weights in this layout under `root` (with the `name` attributes).
    static func write(_ model: Model, root: HDF5Group, storage: HDF5FloatStorage) throws {
        let layers = try root.createGroup("layers")
        for (key, layer, inputName) in keys(model) {
            guard let layer else {
                try layers.createGroup("\(key)/vars").setAttribute("name", .string(inputName ?? key), utf8: true)
                continue
            }
            for group in varGroups(layer) {
                let vars = try layers.createGroup("\(key)/\(group.path)")
                try vars.setAttribute("name", .string(group.name), utf8: true)
                for (i, w) in group.weights.enumerated() {
                    try vars.createDataset(String(i), shape: w.shape, data: w.value.scalars, storage: storage)
                }
            }
        }
        try root.createGroup("vars").setAttribute("name", .string(model.name), utf8: true)
    }
}
