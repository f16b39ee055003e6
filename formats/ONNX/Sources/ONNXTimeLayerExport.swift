import ZooCore

/// Conv1D and the layers over time with standard operators. ONNX convolves and pools [B, C, T]
/// while Keras holds [B, T, C], so Conv1D, MaxPooling1D and AveragePooling1D run between two
/// Transposes: Conv (kernel [F, C, K] from Keras's [K, C, F], strides, dilations; pads [0, 0] for
/// valid and [span − 1, 0] for causal), MaxPool and AveragePool. Keras's same padding depends on
/// the length T the graph is given, so it is a Pad computed from Shape (max((⌈T/s⌉ − 1)·s + span
/// − T, 0) steps, the smaller half first) rather than auto_pad, which onnxruntime applies without
/// the dilation and refuses for strides above the window: zeros for Conv, the lowest float for
/// MaxPool, and for AveragePool the average of the padded input divided by that of padded ones
/// (Keras does not count the padding). GlobalMaxPooling1D is ReduceMax over time, Cropping1D a
/// Slice, ZeroPadding1D a Pad, UpSampling1D an Unsqueeze, Expand and Reshape. Every one of them
/// drops the mask, as Keras 3.
extension ONNXGraphEmitter {
    /// The call of one of these layers on `x` [B, T, C].
    mutating func timeLayer(_ layer: Layer, _ x: ONNXValue, shape: [Int?], base: String) throws -> ONNXValue {
        let y: String
        switch layer {
        case let c as Conv1D:
            guard let k = c.kernel else { throw ZooError("\(c.label): not built") }
            let kernel = b.floats(base + "/kernel", shape: [c.filters, k.shape[1], k.shape[0]],
                                  ShapeOps.transpose(k.value, [2, 1, 0]).scalars)
            var inputs = [padded(b.transpose(x.name, [0, 2, 1], base: base + "/channels_first"), c.window, value: 0, base: base), kernel]
            if let bias = c.bias { inputs.append(b.floats(base + "/bias", shape: bias.shape, bias.value.scalars)) }
            let conv = b.one("Conv", inputs, base: base, windowAttributes(c.window) + [
                ONNXGraphBuilder.attribute("kernel_shape", ints: [c.window.size]), ONNXGraphBuilder.attribute("dilations", ints: [c.window.dilation]),
            ])
            y = b.activation(b.transpose(conv, [0, 2, 1], base: base + "/channels_last"), c.activation, base: base + "/activation")
        case let p as MaxPooling1D:
            let xt = b.transpose(x.name, [0, 2, 1], base: base + "/channels_first")
            y = b.transpose(pool("MaxPool", padded(xt, p.window, value: -.greatestFiniteMagnitude, base: base), p.window, base: base),
                            [0, 2, 1], base: base + "/channels_last")
        case let p as AveragePooling1D:
            y = b.transpose(averagePool(b.transpose(x.name, [0, 2, 1], base: base + "/channels_first"), p.window, base: base),
                            [0, 2, 1], base: base + "/channels_last")
        case let p as GlobalMaxPooling1D:
            y = b.reduce("ReduceMax", x.name, axes: [1], keepDims: p.keepDims, base: base)
        case let c as Cropping1D:
            y = b.one("Slice", [x.name, b.int64s(base + "/starts", [c.before]), b.int64s(base + "/ends", [c.after == 0 ? Int(Int64.max) : -c.after]),
                                b.int64s(base + "/axes", [1])], base: base)
        case let z as ZeroPadding1D:
            y = b.one("Pad", [x.name, b.int64s(base + "/pads", [0, z.before, 0, 0, z.after, 0])], base: base)
        case let u as UpSampling1D:
            guard let channels = x.shape.last ?? nil else { throw ZooError("\(u.label): needs a known channel axis to export") }
            let copies = b.one("Expand", [b.unsqueeze(x.name, axes: [2], base: base + "/step"), b.int64s(base + "/copies", [1, 1, u.size, 1])], base: base + "/copies")
            y = b.reshape(copies, [0, -1, channels], base: base)
        default:
            throw ZooError("\(layer.label): not a layer over time")
        }
        return ONNXValue(name: y, shape: shape, mask: nil)
    }

    /// MaxPool or AveragePool over [B, C, T] already padded.
    private mutating func pool(_ op: String, _ x: String, _ window: TimeWindow, base: String) -> String {
        b.one(op, [x], base: base, windowAttributes(window) + [ONNXGraphBuilder.attribute("kernel_shape", ints: [window.size])])
    }

    /// Keras's average over [B, C, T]: over valid windows AveragePool; over same ones the
    /// average of the padded input divided by the average of padded ones [1, 1, T] (the share of
    /// real steps in each window).
    private mutating func averagePool(_ x: String, _ window: TimeWindow, base: String) -> String {
        let padAveraged = pool("AveragePool", padded(x, window, value: 0, base: base), window, base: base)
        guard window.padding == .same else { return padAveraged }
        let length = b.one("Concat", [b.int64s(base + "/one_one", [1, 1]), steps(x, base: base)], base: base + "/ones_shape",
                           [ONNXGraphBuilder.attribute("axis", int: 0)])
        let ones = b.one("Expand", [b.floats(base + "/one", shape: [1, 1, 1], [1]), length], base: base + "/ones")
        let real = pool("AveragePool", padded(ones, window, value: 0, base: base + "/real"), window, base: base + "/real")
        return b.one("Div", [padAveraged, real], base: base + "/average")
    }

    /// T of [B, C, T] as an int64 [1].
    private mutating func steps(_ x: String, base: String) -> String {
        b.one("Gather", [b.one("Shape", [x], base: base + "/shape"), b.int64s(base + "/time_axis", [2])], base: base + "/steps",
              [ONNXGraphBuilder.attribute("axis", int: 0)])
    }

    /// x [B, C, T] padded with `value` as Keras pads a same window, from the T the graph is given:
    /// max((⌈T/s⌉ − 1)·s + span − T, 0) steps, the smaller half first; x itself for valid and
    /// causal windows (their padding is the op's `pads`).
    private mutating func padded(_ x: String, _ window: TimeWindow, value: Float, base: String) -> String {
        guard window.padding == .same else { return x }
        let t = steps(x, base: base)
        let stride = b.int64s(base + "/stride", [window.stride])
        let outputs = b.one("Div", [b.one("Add", [t, b.int64s(base + "/stride_less_one", [window.stride - 1])], base: base + "/rounded_up"), stride],
                            base: base + "/outputs")
        let reach = b.one("Add", [b.one("Mul", [b.one("Sub", [outputs, b.int64s(base + "/one_step", [1])], base: base + "/last_output"), stride],
                                        base: base + "/last_start"), b.int64s(base + "/span", [window.span])], base: base + "/reach")
        let total = b.one("Max", [b.one("Sub", [reach, t], base: base + "/missing"), b.int64s(base + "/none", [0])], base: base + "/padding")
        let before = b.one("Div", [total, b.int64s(base + "/two", [2])], base: base + "/before")
        let after = b.one("Sub", [total, before], base: base + "/after")
        let zeros = b.int64s(base + "/unpadded", [0, 0])
        let pads = b.one("Concat", [zeros, before, zeros, after], base: base + "/pads", [ONNXGraphBuilder.attribute("axis", int: 0)])
        return b.one("Pad", [x, pads, b.floats(base + "/pad_value", shape: [], [value])], base: base + "/padded")
    }

    /// strides and pads: none for valid and same (padded beforehand), [span − 1, 0] for causal.
    private func windowAttributes(_ window: TimeWindow) -> [Onnx_AttributeProto] {
        let strides = ONNXGraphBuilder.attribute("strides", ints: [window.stride])
        return [strides, ONNXGraphBuilder.attribute("pads", ints: window.padding == .causal ? [window.span - 1, 0] : [0, 0])]
    }
}
