/// A Keras 3 operation node (`"module": "keras.src.ops..."`) of a Functional config that computes
/// a mask. Keras 3 records the mask it passed to a layer as that layer's `mask` call argument, a
/// tensor made by these operations: `NotEqual(ids, 0)` for Embedding(mask_zero),
/// `Any(NotEqual(x, mask_value), axis=-1)` for Masking, or any such mask given explicitly. The
/// model evaluates them only for `mask` arguments (masks are 0/1 float tensors), and writes the
/// entry back as it was read, with Keras 3's `module` and `registered_name`: a legacy `.h5`
/// stores every entry of its `model_config` with `"module": null`, so an operation is told from a
/// layer by its class there, and by its config where a layer has the same class name
/// (Concatenate): an operation's config has no `trainable`, every layer's has.
struct KerasMaskOp {
    /// The operation classes Keras 3 records in masks, with the module its `.keras` names for
    /// each (all in `keras.ops` numpy; the merge layers' masks use the last five).
    static let modules = ["NotEqual": "keras.src.ops.numpy", "Any": "keras.src.ops.numpy", "LogicalOr": "keras.src.ops.numpy",
                          "ExpandDims": "keras.src.ops.numpy", "ZerosLike": "keras.src.ops.numpy", "OnesLike": "keras.src.ops.numpy",
                          "Concatenate": "keras.src.ops.numpy"]

    /// Whether a Functional config entry is a Keras operation rather than a layer: its module is
    /// `keras.src.ops…`, or it has no module (a legacy `.h5`), its class is an operation's and its
    /// config has no `trainable`.
    static func isOperation(_ entry: JSONValue) -> Bool {
        if let module = entry["module"]?.stringValue { return module.hasPrefix("keras.src.ops") }
        guard let className = entry["class_name"]?.stringValue, modules[className] != nil else { return false }
        return entry["config"]?["trainable"] == nil
    }

    enum Kind {
        /// x ≠ constant, elementwise.
        case notEqual(Float)
        /// Any nonzero along `axis` (the axis kept with length 1 when `keepDims`).
        case any(axis: Int, keepDims: Bool)
    }

    let name: String
    let kind: Kind
    let input: TensorRef
    /// The Functional config entry.
    let entry: JSONValue

    /// Reads a Functional config entry of a Keras operation (one call).
    init(entry: JSONValue) throws {
        let className = entry["class_name"]?.stringValue ?? "?"
        if entry["module"]?.stringValue == nil, let module = KerasMaskOp.modules[className] {
            self.entry = entry.setting("module", .string(module)).setting("registered_name", .string(className))
        } else {
            self.entry = entry
        }
        name = entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? "?"
        let label = "Keras operation \(className) '\(name)'"
        guard let nodes = entry["inbound_nodes"]?.arrayValue, nodes.count == 1, let args = nodes[0]["args"]?.arrayValue else {
            throw ZooError("\(label): expected exactly one call")
        }
        let tensors = args.filter { $0["class_name"]?.stringValue == "__keras_tensor__" }
        guard tensors.count == 1 else { throw ZooError("\(label): expected one tensor argument, got \(tensors.count)") }
        input = try TensorRef(keras: tensors[0], where_: label)
        switch className {
        case "NotEqual":
            guard let constant = args.compactMap(\.doubleValue).first, args.count == 2 else {
                throw ZooError("\(label): expected a tensor and a number")
            }
            kind = .notEqual(Float(constant))
        case "Any":
            guard let axis = entry["config"]?["axis"]?.intValue else { throw ZooError("\(label): only a single integer axis is supported") }
            kind = .any(axis: axis, keepDims: entry["config"]?["keepdims"]?.boolValue ?? false)
        default:
            throw ZooError("\(label): unsupported Keras operation (masks from NotEqual and Any only)")
        }
    }

    /// The output shape for an input of `shape` (Keras writes it into the tensors it references).
    func outputShape(_ shape: [Int?]) -> [Int?] {
        guard case let .any(axis, keepDims) = kind else { return shape }
        let a = axis < 0 ? axis + shape.count : axis
        return shape.indices.compactMap { $0 != a ? shape[$0] : keepDims ? 1 : nil }
    }

    func apply(_ x: Tensor) throws -> Tensor {
        switch kind {
        case let .notEqual(c):
            return Tensor(shape: x.shape, scalars: x.scalars.map { $0 != c ? 1 : 0 })
        case let .any(axis, keepDims):
            let a = axis < 0 ? axis + x.rank : axis
            guard a >= 0, a < x.rank else { throw ZooError("Keras operation Any '\(name)': axis \(axis) out of range for \(Shape.describe(x.shape))") }
            let outer = x.shape[..<a].reduce(1, *), n = x.shape[a], inner = x.shape[(a + 1)...].reduce(1, *)
            var y = Tensor(shape: keepDims ? x.shape.enumerated().map { $0.offset == a ? 1 : $0.element } : x.shape.enumerated().filter { $0.offset != a }.map(\.element))
            for o in 0..<outer {
                for i in 0..<inner where (0..<n).contains(where: { x.scalars[(o * n + $0) * inner + i] != 0 }) {
                    y.scalars[o * inner + i] = 1
                }
            }
            return y
        }
    }
}
