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
        let name = c["name"]?.stringValue ?? fallbackName
        self.init(name: name, shape: try ModelInput.dims(dims, where_: "InputLayer '\(name)'"), dtype: ModelInput.dtypeName(c["dtype"]) ?? "float32")
    }

    /// The extents of a config's shape: null (any), or an integer in 0…`LayerConfig.maxExtent`.
    static func dims(_ json: [JSONValue], where_: String) throws -> [Int?] {
        guard json.count <= 8 else { throw ZooError("\(where_): rank \(json.count) is too high (at most 8)") }
        return try json.map { d in
            if d.isNull { return nil }
            guard let x = d.doubleValue, x.rounded() == x, x >= 0, x <= Double(LayerConfig.maxExtent) else {
                throw ZooError("\(where_): extent \(d.serialized()) is not null or an integer in 0…\(LayerConfig.maxExtent)")
            }
            return Int(x)
        }
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
