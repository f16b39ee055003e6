/// A tensor in a Functional graph, as Keras's `keras_history` names it: the producing layer,
/// the index of that layer's call (node), and the output index of that call.
public struct TensorRef: Hashable, Sendable, CustomStringConvertible {
    public var layer: String
    public var node: Int
    public var index: Int

    public init(layer: String, node: Int = 0, index: Int = 0) {
        self.layer = layer
        self.node = node
        self.index = index
    }

    public var description: String { "\(layer)[\(node)][\(index)]" }

    /// Reads `["name", node, index]` (Keras 2, and Keras 3 input/output lists, possibly with a
    /// trailing kwargs dict) or a `{"class_name": "__keras_tensor__", "config": {"keras_history": …}}`
    /// object (Keras 3).
    init(keras value: JSONValue, where_: String) throws {
        let history = value["config"]?["keras_history"] ?? value
        guard let items = history.arrayValue, items.count >= 3, let name = items[0].stringValue,
              let node = items[1].intValue, let index = items[2].intValue else {
            throw ZooError("\(where_): cannot read a tensor reference from \(value.serialized().prefix(160))")
        }
        self.init(layer: name, node: node, index: index)
    }

    /// The Keras 3 `__keras_tensor__` form.
    var kerasTensor: JSONValue {
        ["class_name": "__keras_tensor__", "config": ["keras_history": [.string(layer), .number(Double(node)), .number(Double(index))]]]
    }
}
