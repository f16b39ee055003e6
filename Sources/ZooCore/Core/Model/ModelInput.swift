/// One input of a model: its InputLayer name, shape with the batch axis (nil = any) and dtype.
public struct ModelInput: Sendable {
    public var name: String
    public var shape: [Int?]
    /// "float32" or "int32" (token ids).
    public var dtype: String

    public init(name: String, shape: [Int?], dtype: String = "float32") {
        self.name = name
        self.shape = shape
        self.dtype = dtype
    }

    /// Reads an InputLayer config (Keras 3 `batch_shape` or Keras 2 `batch_input_shape`).
    init(inputLayerConfig c: JSONValue, fallbackName: String) throws {
        let shapeJSON = c["batch_shape"] ?? c["batch_input_shape"]
        guard let dims = shapeJSON?.arrayValue else {
            throw ZooError("InputLayer '\(c["name"]?.stringValue ?? fallbackName)': no batch_shape / batch_input_shape")
        }
        self.init(name: c["name"]?.stringValue ?? fallbackName, shape: dims.map(\.intValue),
                  dtype: ModelInput.dtypeName(c["dtype"]) ?? "float32")
    }

    /// A dtype entry: a string, or a Keras 3 DTypePolicy object.
    static func dtypeName(_ v: JSONValue?) -> String? {
        v?.stringValue ?? v?["config"]?["name"]?.stringValue
    }

    var inputLayerEntry: JSONValue {
        ["module": "keras.layers", "class_name": "InputLayer",
         "config": ["batch_shape": .array(shape.map { $0.map { .number(Double($0)) } ?? .null }), "dtype": .string(dtype),
                    "sparse": false, "name": .string(name)],
         "registered_name": nil, "name": .string(name), "inbound_nodes": []]
    }
}
