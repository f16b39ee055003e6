import ZooCore

/// Conv1D and the layers over time with standard operators. ONNX convolves and pools [B, C, T]
/// while Keras holds [B, T, C], so Conv1D, MaxPooling1D and AveragePooling1D run between two
/// Transposes: Conv (kernel [F, C, K] from Keras's [K, C, F], strides, dilations; pads 0 for
/// valid, auto_pad SAME_UPPER for same — the smaller half first, as Keras — and [span − 1, 0]
/// for causal), MaxPool and AveragePool (count_include_pad 0: Keras's same padding is not
/// counted). GlobalMaxPooling1D is ReduceMax over time, Cropping1D a Slice, ZeroPadding1D a Pad,
/// UpSampling1D an Unsqueeze, Expand and Reshape. Every one of them drops the mask, as Keras 3.
extension ONNXGraphEmitter {
    /// The call of one of these layers on `x` [B, T, C].
    mutating func timeLayer(_ layer: Layer, _ x: ONNXValue, shape: [Int?], base: String) throws -> ONNXValue {
        let y: String
        switch layer {
        case let c as Conv1D:
            guard let k = c.kernel else { throw ZooError("\(c.label): not built") }
            let kernel = b.floats(base + "/kernel", shape: [c.filters, k.shape[1], k.shape[0]],
                                  ShapeOps.transpose(k.value, [2, 1, 0]).scalars)
            var inputs = [b.transpose(x.name, [0, 2, 1], base: base + "/channels_first"), kernel]
            if let bias = c.bias { inputs.append(b.floats(base + "/bias", shape: bias.shape, bias.value.scalars)) }
            let conv = b.one("Conv", inputs, base: base, windowAttributes(c.window) + [
                ONNXGraphBuilder.attribute("kernel_shape", ints: [c.window.size]), ONNXGraphBuilder.attribute("dilations", ints: [c.window.dilation]),
            ])
            y = b.activation(b.transpose(conv, [0, 2, 1], base: base + "/channels_last"), c.activation, base: base + "/activation")
        case let p as MaxPooling1D:
            y = pool("MaxPool", x.name, p.window, extra: [], base: base)
        case let p as AveragePooling1D:
            y = pool("AveragePool", x.name, p.window, extra: [ONNXGraphBuilder.attribute("count_include_pad", int: 0)], base: base)
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

    /// MaxPool or AveragePool over [B, T, C] through [B, C, T].
    private mutating func pool(_ op: String, _ x: String, _ window: TimeWindow, extra: [Onnx_AttributeProto], base: String) -> String {
        let pooled = b.one(op, [b.transpose(x, [0, 2, 1], base: base + "/channels_first")], base: base,
                           windowAttributes(window) + extra + [ONNXGraphBuilder.attribute("kernel_shape", ints: [window.size])])
        return b.transpose(pooled, [0, 2, 1], base: base + "/channels_last")
    }

    /// strides and the padding of a window: explicit pads for valid and causal, SAME_UPPER for same.
    private func windowAttributes(_ window: TimeWindow) -> [Onnx_AttributeProto] {
        let strides = ONNXGraphBuilder.attribute("strides", ints: [window.stride])
        switch window.padding {
        case .valid: return [strides, ONNXGraphBuilder.attribute("pads", ints: [0, 0])]
        case .same: return [strides, ONNXGraphBuilder.attribute("auto_pad", string: "SAME_UPPER")]
        case .causal: return [strides, ONNXGraphBuilder.attribute("pads", ints: [window.span - 1, 0])]
        }
    }
}
