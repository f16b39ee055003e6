import Foundation
import SwiftProtobuf
import ZooCore

/// Builds an ONNX graph node by node: unique value names, float, int64 and int32 initializers,
/// typed inputs and outputs with symbolic dims, and the opset-dependent forms of the few
/// operators whose signature changed (Squeeze, Unsqueeze and ReduceSum take `axes` as an input
/// from opset 13, ReduceMean, ReduceProd and ReduceMax from 18).
struct ONNXGraphBuilder {
    var graph = Onnx_GraphProto()
    let opset: Int
    private var used: [String: Int] = [:]

    init(name: String, opset: Int) {
        graph.name = name
        self.opset = opset
    }

    /// A value name not used before, derived from `base`.
    mutating func fresh(_ base: String) -> String {
        let n = used[base, default: 0]
        used[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// A float32 initializer of `shape` (row-major `values`); returns its name.
    mutating func floats(_ base: String, shape: [Int], _ values: [Float]) -> String {
        var t = Onnx_TensorProto()
        t.name = fresh(base)
        t.dims = shape.map(Int64.init)
        t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        t.rawData = values.withUnsafeBytes { Data($0) }
        graph.initializer.append(t)
        return t.name
    }

    /// A 1-D int64 initializer; returns its name.
    mutating func int64s(_ base: String, _ values: [Int]) -> String {
        var t = Onnx_TensorProto()
        t.name = fresh(base)
        t.dims = [Int64(values.count)]
        t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        t.int64Data = values.map(Int64.init)
        graph.initializer.append(t)
        return t.name
    }

    /// A rank-0 int32 initializer (compared with token ids and sequence lengths); returns its name.
    mutating func int32Scalar(_ base: String, _ value: Int32) -> String {
        var t = Onnx_TensorProto()
        t.name = fresh(base)
        t.dataType = Int32(Onnx_TensorProto.DataType.int32.rawValue)
        t.int32Data = [value]
        graph.initializer.append(t)
        return t.name
    }

    /// Declares a graph input of `shape` (nil extents become the symbolic dims "batch", then
    /// "<name>_dim<i>").
    mutating func input(_ name: String, _ elemType: Onnx_TensorProto.DataType, shape: [Int?]) {
        graph.input.append(Self.valueInfo(name, elemType, shape: shape))
    }

    /// Makes `value` a float graph output called `name` (through an Identity node).
    mutating func output(_ value: String, as name: String, shape: [Int?]) {
        node("Identity", [value], base: name)
        graph.node[graph.node.count - 1].output = [name]
        graph.output.append(Self.valueInfo(name, .float, shape: shape))
    }

    static func valueInfo(_ name: String, _ elemType: Onnx_TensorProto.DataType, shape: [Int?]) -> Onnx_ValueInfoProto {
        var t = Onnx_TypeProto.Tensor()
        t.elemType = Int32(elemType.rawValue)
        var s = Onnx_TensorShapeProto()
        s.dim = shape.enumerated().map { i, d in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = Int64(d) } else { dim.dimParam = i == 0 ? "batch" : "\(name)_dim\(i)" }
            return dim
        }
        t.shape = s
        var type = Onnx_TypeProto()
        type.tensorType = t
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type = type
        return v
    }

    /// Appends a node; returns the names of its `outputs` outputs (derived from `base`).
    @discardableResult
    mutating func node(_ op: String, _ inputs: [String], outputs: Int = 1, base: String, _ attributes: [Onnx_AttributeProto] = []) -> [String] {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = fresh(base + "/" + op)
        n.input = inputs
        n.output = (0..<outputs).map { fresh(outputs == 1 ? "\(base)/\(op)" : "\(base)/\(op):\($0)") }
        n.attribute = attributes
        graph.node.append(n)
        return n.output
    }

    mutating func one(_ op: String, _ inputs: [String], base: String, _ attributes: [Onnx_AttributeProto] = []) -> String {
        node(op, inputs, base: base, attributes)[0]
    }

    static func attribute(_ name: String, int: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(int)
        return a
    }

    static func attribute(_ name: String, float: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = float
        return a
    }

    static func attribute(_ name: String, string: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .string
        a.s = Data(string.utf8)
        return a
    }

    static func attribute(_ name: String, ints: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = ints.map(Int64.init)
        return a
    }

    static func attribute(_ name: String, floats: [Float]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .floats
        a.floats = floats
        return a
    }

    static func attribute(_ name: String, strings: [String]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .strings
        a.strings = strings.map { Data($0.utf8) }
        return a
    }

    mutating func transpose(_ x: String, _ perm: [Int], base: String) -> String {
        one("Transpose", [x], base: base, [Self.attribute("perm", ints: perm)])
    }

    mutating func squeeze(_ x: String, axes: [Int], base: String) -> String {
        opset >= 13 ? one("Squeeze", [x, int64s(base + "/axes", axes)], base: base)
            : one("Squeeze", [x], base: base, [Self.attribute("axes", ints: axes)])
    }

    mutating func unsqueeze(_ x: String, axes: [Int], base: String) -> String {
        opset >= 13 ? one("Unsqueeze", [x, int64s(base + "/axes", axes)], base: base)
            : one("Unsqueeze", [x], base: base, [Self.attribute("axes", ints: axes)])
    }

    mutating func cast(_ x: String, to type: Onnx_TensorProto.DataType, base: String) -> String {
        one("Cast", [x], base: base, [Self.attribute("to", int: type.rawValue)])
    }

    /// `x[start..<end]` along axis 0 of a 1-D tensor (a shape); `end` nil = to the end.
    mutating func slice(_ x: String, from start: Int, to end: Int?, base: String) -> String {
        one("Slice", [x, int64s(base + "/starts", [start]), int64s(base + "/ends", [end ?? Int(Int64.max)])], base: base)
    }

    mutating func reshape(_ x: String, _ shape: [Int], base: String) -> String {
        one("Reshape", [x, int64s(base + "/shape", shape)], base: base)
    }

    /// ReduceSum, ReduceMean, ReduceProd or ReduceMax over `axes`.
    mutating func reduce(_ op: String, _ x: String, axes: [Int], keepDims: Bool, base: String) -> String {
        let axesAsInput = op == "ReduceSum" ? opset >= 13 : opset >= 18
        let keep = Self.attribute("keepdims", int: keepDims ? 1 : 0)
        return axesAsInput ? one(op, [x, int64s(base + "/axes", axes)], base: base, [keep])
            : one(op, [x], base: base, [Self.attribute("axes", ints: axes), keep])
    }

    /// `activation(x)` with Keras meanings (softmax and log softmax over the last axis; gelu as
    /// the `Gelu` operator from opset 20, else x/2 · (1 + Erf(x/√2)); silu as x · Sigmoid(x);
    /// hard_silu as `HardSwish` from opset 14, else x · HardSigmoid(x); celu as `Celu`;
    /// soft_shrink and hard_shrink as `Shrink`; sparse_plus, sparse_sigmoid, tanh_shrink and
    /// squareplus from Clip, Relu, Tanh and Sqrt; mish as x · Tanh(Softplus(x))).
    mutating func activation(_ x: String, _ f: Activation, base: String) -> String {
        switch f {
        case .linear: return x
        case .tanh: return one("Tanh", [x], base: base)
        case .sigmoid: return one("Sigmoid", [x], base: base)
        case .relu: return one("Relu", [x], base: base)
        case .softmax: return one("Softmax", [x], base: base, [Self.attribute("axis", int: -1)])
        case let .hardSigmoid(alpha):
            return one("HardSigmoid", [x], base: base, [Self.attribute("alpha", float: alpha), Self.attribute("beta", float: 0.5)])
        case .elu: return one("Elu", [x], base: base, [Self.attribute("alpha", float: 1)])
        case .selu:
            return one("Selu", [x], base: base, [Self.attribute("alpha", float: Float(Activation.seluAlpha)),
                                                 Self.attribute("gamma", float: Float(Activation.seluScale))])
        case .softplus: return one("Softplus", [x], base: base)
        case .softsign: return one("Softsign", [x], base: base)
        case .relu6: return one("Clip", [x, floats(base + "/zero", shape: [], [0]), floats(base + "/six", shape: [], [6])], base: base)
        case .exponential: return one("Exp", [x], base: base)
        case .leakyRelu: return one("LeakyRelu", [x], base: base, [Self.attribute("alpha", float: Activation.leakySlope)])
        case .logSoftmax: return one("LogSoftmax", [x], base: base, [Self.attribute("axis", int: -1)])
        case .gelu:
            if opset >= 20 { return one("Gelu", [x], base: base) }
            let erf = one("Erf", [one("Mul", [x, floats(base + "/inv_sqrt2", shape: [], [Float(1 / 2.0.squareRoot())])], base: base + "/scaled")],
                          base: base + "/erf")
            let half = one("Mul", [x, floats(base + "/half", shape: [], [0.5])], base: base + "/half_x")
            return one("Mul", [half, one("Add", [erf, floats(base + "/one", shape: [], [1])], base: base + "/one_plus")], base: base)
        case .silu: return one("Mul", [x, one("Sigmoid", [x], base: base + "/sigmoid")], base: base)
        case .hardSilu:
            if opset >= 14 { return one("HardSwish", [x], base: base) }
            let gate = one("HardSigmoid", [x], base: base + "/gate", [Self.attribute("alpha", float: 1.0 / 6.0), Self.attribute("beta", float: 0.5)])
            return one("Mul", [x, gate], base: base)
        case .mish: return one("Mul", [x, one("Tanh", [one("Softplus", [x], base: base + "/softplus")], base: base + "/tanh")], base: base)
        case .celu: return one("Celu", [x], base: base, [Self.attribute("alpha", float: 1)])
        case .hardTanh: return one("Clip", [x, floats(base + "/low", shape: [], [-1]), floats(base + "/high", shape: [], [1])], base: base)
        case .logSigmoid: return one("Neg", [one("Softplus", [one("Neg", [x], base: base + "/negated")], base: base + "/softplus")], base: base)
        case .softShrink: return one("Shrink", [x], base: base, [Self.attribute("lambd", float: 0.5), Self.attribute("bias", float: 0.5)])
        case .hardShrink: return one("Shrink", [x], base: base, [Self.attribute("lambd", float: 0.5), Self.attribute("bias", float: 0)])
        case .sparsePlus:
            let unit = floats(base + "/one", shape: [], [1])
            let shifted = one("Add", [one("Clip", [x, floats(base + "/low", shape: [], [-1]), unit], base: base + "/clipped"), unit], base: base + "/shifted")
            let square = one("Mul", [one("Mul", [shifted, shifted], base: base + "/square"), floats(base + "/quarter", shape: [], [0.25])], base: base + "/quarter_square")
            return one("Add", [square, one("Relu", [one("Sub", [x, unit], base: base + "/excess")], base: base + "/beyond")], base: base)
        case .sparseSigmoid:
            let half = floats(base + "/half", shape: [], [0.5])
            let line = one("Add", [one("Mul", [x, half], base: base + "/half_x"), half], base: base + "/line")
            return one("Clip", [line, floats(base + "/zero", shape: [], [0]), floats(base + "/one", shape: [], [1])], base: base)
        case .tanhShrink: return one("Sub", [x, one("Tanh", [x], base: base + "/tanh")], base: base)
        case .squareplus:
            let root = one("Sqrt", [one("Add", [one("Mul", [x, x], base: base + "/square"), floats(base + "/b", shape: [], [4])], base: base + "/shifted")],
                           base: base + "/root")
            return one("Mul", [one("Add", [x, root], base: base + "/sum"), floats(base + "/half", shape: [], [0.5])], base: base)
        }
    }
}
