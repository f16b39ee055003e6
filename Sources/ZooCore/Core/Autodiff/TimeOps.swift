/// Differentiable ops along the time axis of x [B, T, C] that mix no channels: pooling over
/// windows (Keras MaxPooling1D, AveragePooling1D) and over all steps (GlobalMaxPooling1D),
/// cropping, zero padding and repetition of steps.
public enum TimeOps {
    public enum Pooling: Sendable {
        case max, average
    }

    /// Pooling over each window of `window` (dilation 1, padding valid or same): the maximum, or
    /// the mean of the taps inside the input (padding taps are excluded, not counted as zeros).
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - kind: max or average
    ///   - window: size, stride and padding
    ///   - where_: names the layer in errors
    /// - Returns: [B, T_out, C], T_out = `window.outputSteps(T)`; the maximum's gradient goes to
    ///   the first tap holding it, the mean's is shared by the taps it averaged.
    public static func pool1d(_ x: Variable, _ kind: Pooling, window: TimeWindow, where_: String) throws -> Variable {
        guard x.value.rank == 3 else { throw ZooError.shape(where_, expected: "(batch, time, channels)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], c = x.shape[2]
        let tOut = window.outputSteps(t)
        guard tOut > 0 || t == 0 else {
            throw ZooError("\(where_): \(t) time steps are fewer than pool_size \(window.size) with padding 'valid'")
        }
        let left = window.leftPadding(t)
        var y = Tensor(shape: [b, tOut, c])
        // For max: the source step of each output value; for average: unused.
        var argmax = kind == .max ? [Int32](repeating: 0, count: b * tOut * c) : []
        x.value.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                argmax.withUnsafeMutableBufferPointer { pa in
                    for i in 0..<b {
                        for s in 0..<tOut {
                            let taps = taps(output: s, window: window, left: left, steps: t)
                            let o = (i * tOut + s) * c, out = py.baseAddress! + o
                            switch kind {
                            case .max:
                                out.update(from: px.baseAddress! + (i * t + taps.lowerBound) * c, count: c)
                                (pa.baseAddress! + o).update(repeating: Int32(taps.lowerBound), count: c)
                                for src in taps.dropFirst() {
                                    let row = px.baseAddress! + (i * t + src) * c
                                    for j in 0..<c where row[j] > out[j] {
                                        out[j] = row[j]
                                        pa[o + j] = Int32(src)
                                    }
                                }
                            case .average:
                                for src in taps { VectorOps.add(px.baseAddress! + (i * t + src) * c, into: out, count: c) }
                                let scale = 1 / Float(taps.count)
                                for j in 0..<c { out[j] *= scale }
                            }
                        }
                    }
                }
            }
        }
        return OpNode.record1(kind == .max ? "max_pooling1d" : "average_pooling1d", inputs: [x], output: y) { dy in
            var dx = Tensor(shape: [b, t, c])
            dy.withUnsafeBufferPointer { pdy in
                dx.withUnsafeMutableBufferPointer { pdx in
                    for i in 0..<b {
                        for s in 0..<tOut {
                            let o = (i * tOut + s) * c, g = pdy.baseAddress! + o
                            switch kind {
                            case .max:
                                for j in 0..<c { pdx[(i * t + Int(argmax[o + j])) * c + j] += g[j] }
                            case .average:
                                let taps = taps(output: s, window: window, left: left, steps: t)
                                for src in taps { VectorOps.axpy(1 / Float(taps.count), g, pdx.baseAddress! + (i * t + src) * c, count: c) }
                            }
                        }
                    }
                }
            }
            return [dx]
        }
    }

    /// The input steps of output step `s`'s window that lie inside the input (never empty for a
    /// padding Keras allows).
    private static func taps(output s: Int, window: TimeWindow, left: Int, steps: Int) -> Range<Int> {
        let first = window.source(output: s, tap: 0, left: left)
        return max(first, 0)..<min(first + window.size, steps)
    }

    /// The maximum over all steps (Keras GlobalMaxPooling1D, which reads no mask).
    /// - Parameters:
    ///   - x: [B, T, C], T ≥ 1
    ///   - keepDims: keep the time axis (of extent 1)
    ///   - where_: names the layer in errors
    /// - Returns: [B, C], or [B, 1, C] with `keepDims`; the gradient goes to the first step
    ///   holding each maximum.
    public static func globalMax(_ x: Variable, keepDims: Bool, where_: String) throws -> Variable {
        guard x.value.rank == 3, x.shape[1] > 0 else { throw ZooError.shape(where_, expected: "(batch, time ≥ 1, channels)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], c = x.shape[2]
        let window = TimeWindow(size: t, stride: 1, padding: .valid)
        let pooled = try pool1d(x, .max, window: window, where_: where_)
        return try ElementwiseOps.reshape(pooled, keepDims ? [b, 1, c] : [b, c])
    }

    /// x with `before` steps removed from the start and `after` from the end (Keras Cropping1D).
    /// - Parameters:
    ///   - x: [B, T, C], T > before + after
    ///   - before: steps removed at the start
    ///   - after: steps removed at the end
    ///   - where_: names the layer in errors
    /// - Returns: [B, T − before − after, C]; the gradient is zero on the cropped steps.
    public static func crop(_ x: Variable, before: Int, after: Int, where_: String) throws -> Variable {
        guard x.value.rank == 3 else { throw ZooError.shape(where_, expected: "(batch, time, channels)", got: x.shape) }
        let t = x.shape[1]
        guard before + after < t else {
            throw ZooError("\(where_): cropping (\(before), \(after)) leaves nothing of \(t) time steps")
        }
        return try shift(x, from: before, count: t - before - after, to: 0, steps: t - before - after, name: "cropping1d")
    }

    /// x with `before` zero steps added at the start and `after` at the end (Keras ZeroPadding1D).
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - before: zero steps added at the start
    ///   - after: zero steps added at the end
    ///   - where_: names the layer in errors
    /// - Returns: [B, before + T + after, C]
    public static func zeroPad(_ x: Variable, before: Int, after: Int, where_: String) throws -> Variable {
        guard x.value.rank == 3 else { throw ZooError.shape(where_, expected: "(batch, time, channels)", got: x.shape) }
        let t = x.shape[1]
        guard before + t + after <= LayerConfig.maxExtent else {
            throw ZooError("\(where_): padding (\(before), \(after)) around \(t) steps exceeds \(LayerConfig.maxExtent) steps")
        }
        return try shift(x, from: 0, count: t, to: before, steps: before + t + after, name: "zero_padding1d")
    }

    /// Input steps from..<from+count copied to output steps to..<to+count of an output of `steps`
    /// steps (zeros elsewhere); the gradient is the copy back.
    private static func shift(_ x: Variable, from: Int, count: Int, to: Int, steps: Int, name: String) throws -> Variable {
        let b = x.shape[0], t = x.shape[1], c = x.shape[2]
        var y = Tensor(shape: [b, steps, c])
        let xv = x.value
        for i in 0..<b {
            for s in 0..<count {
                for j in 0..<c { y.scalars[(i * steps + to + s) * c + j] = xv.scalars[(i * t + from + s) * c + j] }
            }
        }
        return OpNode.record1(name, inputs: [x], output: y) { dy in
            var dx = Tensor(shape: [b, t, c])
            for i in 0..<b {
                for s in 0..<count {
                    for j in 0..<c { dx.scalars[(i * t + from + s) * c + j] = dy.scalars[(i * steps + to + s) * c + j] }
                }
            }
            return [dx]
        }
    }

    /// Each step repeated `size` times in place (Keras UpSampling1D: numpy's repeat on axis 1).
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - size: copies of each step
    ///   - where_: names the layer in errors
    /// - Returns: [B, T·size, C]; the gradient sums each step's copies.
    public static func repeatSteps(_ x: Variable, _ size: Int, where_: String) throws -> Variable {
        guard x.value.rank == 3 else { throw ZooError.shape(where_, expected: "(batch, time, channels)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], c = x.shape[2], xv = x.value
        guard size >= 1, t <= LayerConfig.maxExtent / size else {
            throw ZooError("\(where_): \(t) steps repeated \(size) times exceed \(LayerConfig.maxExtent) steps")
        }
        var y = Tensor(shape: [b, t * size, c])
        for i in 0..<b {
            for s in 0..<t * size {
                for j in 0..<c { y.scalars[(i * t * size + s) * c + j] = xv.scalars[(i * t + s / size) * c + j] }
            }
        }
        return OpNode.record1("up_sampling1d", inputs: [x], output: y) { dy in
            var dx = Tensor(shape: [b, t, c])
            for i in 0..<b {
                for s in 0..<t * size {
                    for j in 0..<c { dx.scalars[(i * t + s / size) * c + j] += dy.scalars[(i * t * size + s) * c + j] }
                }
            }
            return [dx]
        }
    }
}
