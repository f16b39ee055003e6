/// A Keras 3 operation node (`"module": "keras.src.ops..."`) of a Functional config that computes
/// a mask. Keras 3 records the mask it passed to a layer as that layer's `mask` call argument, a
/// tensor made by these operations: `NotEqual(ids, 0)` for Embedding(mask_zero),
/// `Any(NotEqual(x, mask_value), axis=-1)` for Masking, `LogicalOr` of the inputs' masks after
/// Add, Subtract, Multiply, Average, Maximum or Minimum, `Any(Concatenate([LogicalOr(
/// ExpandDims(mask, -1), ZerosLike(x)) or OnesLike(x), …]), -1)` after Concatenate, or any such
/// mask given explicitly. The model evaluates them only for `mask` arguments (masks are 0/1 float
/// tensors), and writes the entry back as it was read, with Keras 3's `module` and
/// `registered_name`: a legacy `.h5` stores every entry of its `model_config` with
/// `"module": null`, so an operation is told from a layer by its class there, and by its config
/// where a layer has the same class name (Concatenate): an operation's config has no
/// `trainable`, every layer's has.
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
        /// a OR b, broadcast as numpy does.
        case logicalOr
        /// x with a new axis of length 1 at `axis`.
        case expandDims(axis: Int)
        /// All false (zeros) or all true (ones) of x's shape.
        case zerosLike, onesLike
        /// The inputs joined along `axis`.
        case concatenate(axis: Int)
    }

    let name: String
    let kind: Kind
    let inputs: [TensorRef]
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
        let flat = args.flatMap { $0.arrayValue ?? [$0] }
        let tensors = flat.filter { $0["class_name"]?.stringValue == "__keras_tensor__" }
        inputs = try tensors.map { try TensorRef(keras: $0, where_: label) }
        let axis = entry["config"]?["axis"]?.intValue
        let expected: Int?
        switch className {
        case "NotEqual":
            guard let constant = args.compactMap(\.doubleValue).first, args.count == 2 else {
                throw ZooError("\(label): expected a tensor and a number")
            }
            kind = .notEqual(Float(constant))
            expected = 1
        case "Any":
            guard let axis else { throw ZooError("\(label): only a single integer axis is supported") }
            kind = .any(axis: axis, keepDims: entry["config"]?["keepdims"]?.boolValue ?? false)
            expected = 1
        case "LogicalOr":
            kind = .logicalOr
            expected = 2
        case "ExpandDims":
            guard let axis else { throw ZooError("\(label): only a single integer axis is supported") }
            kind = .expandDims(axis: axis)
            expected = 1
        case "ZerosLike", "OnesLike":
            kind = className == "ZerosLike" ? .zerosLike : .onesLike
            expected = 1
        case "Concatenate":
            kind = .concatenate(axis: axis ?? 0)
            expected = nil
        default:
            throw ZooError("\(label): unsupported Keras operation (masks from NotEqual, Any, LogicalOr, ExpandDims, ZerosLike, OnesLike and Concatenate only)")
        }
        guard inputs.count == (expected ?? max(inputs.count, 1)) else {
            throw ZooError("\(label): expected \(expected.map(String.init) ?? "at least 1") tensor argument(s), got \(inputs.count)")
        }
    }

    /// The output shape for inputs of `shapes` (Keras writes it into the tensors it references).
    func outputShape(_ shapes: [[Int?]]) -> [Int?] {
        let shape = shapes.first ?? []
        switch kind {
        case .notEqual, .zerosLike, .onesLike:
            return shape
        case let .any(axis, keepDims):
            let a = axis < 0 ? axis + shape.count : axis
            return shape.indices.compactMap { $0 != a ? shape[$0] : keepDims ? 1 : nil }
        case .logicalOr:
            let rank = shapes.map(\.count).max() ?? 0
            let padded = shapes.map { [Int?](repeating: 1, count: rank - $0.count) + $0 }
            return (0..<rank).map { d in padded.map { $0[d] }.first { $0 != 1 } ?? 1 }
        case let .expandDims(axis):
            var s = shape
            s.insert(1, at: axis < 0 ? axis + shape.count + 1 : axis)
            return s
        case let .concatenate(axis):
            var s = shape
            let a = axis < 0 ? axis + shape.count : axis
            s[a] = shapes.reduce(Optional(0)) { total, x in total.flatMap { t in x[a].map { t + $0 } } }
            return s
        }
    }

    func apply(_ xs: [Tensor]) throws -> Tensor {
        let x = xs[0]
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
        case .logicalOr:
            return try logicalOr(x, xs[1])
        case let .expandDims(axis):
            let a = axis < 0 ? axis + x.rank + 1 : axis
            guard a >= 0, a <= x.rank else { throw ZooError("Keras operation ExpandDims '\(name)': axis \(axis) out of range for \(Shape.describe(x.shape))") }
            var shape = x.shape
            shape.insert(1, at: a)
            return x.reshaped(shape)
        case .zerosLike:
            return Tensor(shape: x.shape)
        case .onesLike:
            return Tensor(shape: x.shape, repeating: 1)
        case let .concatenate(axis):
            let a = axis < 0 ? axis + x.rank : axis
            guard a >= 0, a < x.rank, xs.allSatisfy({ t in t.rank == x.rank && t.shape.indices.allSatisfy { d in d == a || t.shape[d] == x.shape[d] } }) else {
                throw ZooError("Keras operation Concatenate '\(name)': cannot join \(xs.map { Shape.describe($0.shape) }.joined(separator: ", ")) along axis \(axis)")
            }
            let outer = x.shape[..<a].reduce(1, *), inner = x.shape[(a + 1)...].reduce(1, *)
            var shape = x.shape
            shape[a] = xs.reduce(0) { $0 + $1.shape[a] }
            var scalars: [Float] = []
            scalars.reserveCapacity(Shape.count(shape))
            for o in 0..<outer {
                for t in xs {
                    let w = t.shape[a] * inner
                    scalars += t.scalars[(o * w)..<((o + 1) * w)]
                }
            }
            return Tensor(shape: shape, scalars: scalars)
        }
    }

    /// a OR b with numpy broadcasting (extents equal or 1, the shorter shape padded in front).
    private func logicalOr(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let rank = max(a.rank, b.rank)
        let sa = [Int](repeating: 1, count: rank - a.rank) + a.shape, sb = [Int](repeating: 1, count: rank - b.rank) + b.shape
        guard zip(sa, sb).allSatisfy({ $0 == $1 || $0 == 1 || $1 == 1 }) else {
            throw ZooError("Keras operation LogicalOr '\(name)': cannot broadcast \(Shape.describe(a.shape)) with \(Shape.describe(b.shape))")
        }
        let shape = zip(sa, sb).map { max($0, $1) }
        func strides(_ s: [Int]) -> [Int] {
            var st = [Int](repeating: 0, count: rank), step = 1
            for d in stride(from: rank - 1, through: 0, by: -1) {
                st[d] = s[d] == 1 ? 0 : step
                step *= s[d]
            }
            return st
        }
        let ta = strides(sa), tb = strides(sb)
        var y = Tensor(shape: shape)
        var index = [Int](repeating: 0, count: rank)
        for e in 0..<y.count {
            var ia = 0, ib = 0
            for d in 0..<rank {
                ia += index[d] * ta[d]
                ib += index[d] * tb[d]
            }
            y.scalars[e] = a.scalars[ia] != 0 || b.scalars[ib] != 0 ? 1 : 0
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return y
    }
}
