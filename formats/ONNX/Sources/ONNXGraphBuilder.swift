import Foundation
import SwiftProtobuf
import ZooCore

/// Builds an ONNX graph node by node: unique value names, float and int64 initializers, and
/// the opset-dependent forms of the few operators whose signature changed (Squeeze, Unsqueeze
/// and ReduceSum take `axes` as an input from opset 13, ReduceMean and ReduceProd from 18).
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

    mutating func reshape(_ x: String, _ shape: [Int], base: String) -> String {
        one("Reshape", [x, int64s(base + "/shape", shape)], base: base)
    }

    /// ReduceSum, ReduceMean or ReduceProd over `axes`.
    mutating func reduce(_ op: String, _ x: String, axes: [Int], keepDims: Bool, base: String) -> String {
        let axesAsInput = op == "ReduceSum" ? opset >= 13 : opset >= 18
        let keep = Self.attribute("keepdims", int: keepDims ? 1 : 0)
        return axesAsInput ? one(op, [x, int64s(base + "/axes", axes)], base: base, [keep])
            : one(op, [x], base: base, [Self.attribute("axes", ints: axes), keep])
    }

    /// `activation(x)` with Keras meanings (softmax over the last axis).
    mutating func activation(_ x: String, _ f: Activation, base: String) -> String {
        switch f {
        case .linear: return x
        case .tanh: return one("Tanh", [x], base: base)
        case .sigmoid: return one("Sigmoid", [x], base: base)
        case .relu: return one("Relu", [x], base: base)
        case .softmax: return one("Softmax", [x], base: base, [Self.attribute("axis", int: -1)])
        case let .hardSigmoid(alpha):
            return one("HardSigmoid", [x], base: base, [Self.attribute("alpha", float: alpha), Self.attribute("beta", float: 0.5)])
        }
    }
}
