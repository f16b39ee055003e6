/// Differentiable 1-D convolution over time (Keras Conv1D, channels_last, groups 1) on the packed
/// GEMM: the windows are laid out as rows (im2col) in a workspace, then one GEMM multiplies them
/// by the kernel; the backward pass is two GEMMs and the scatter-add of the rows' gradient back
/// onto the input steps (col2im).
public enum ConvOps {
    /// The most values the window rows (B·T_out × K·C) may hold: 2^31 (8 GiB of float32).
    public static let maxWindowValues = 1 << 31

    /// y[b, t, f] = Σ_k Σ_c x[b, t·s + k·d − pad, c] · w[k, c, f] + bias[f], taps outside the
    /// input reading zero.
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - w: [K, C, F] (Keras's kernel layout), K = `window.size`
    ///   - bias: [F] or nil
    ///   - window: stride, dilation and padding of the taps
    /// - Returns: [B, T_out, F], T_out = `window.outputSteps(T)`
    public static func conv1d(_ x: Variable, _ w: Variable, _ bias: Variable?, window: TimeWindow, where_: String) throws -> Variable {
        guard x.value.rank == 3 else { throw ZooError.shape(where_, expected: "(batch, time, channels)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], c = x.shape[2]
        guard w.value.rank == 3, w.shape[0] == window.size, w.shape[1] == c else {
            throw ZooError("\(where_): cannot convolve input \(Shape.describe(x.shape)) with kernel \(Shape.describe(w.shape))")
        }
        let f = w.shape[2]
        if let bias, bias.shape != [f] { throw ZooError.shape("\(where_) bias", expected: "(\(f),)", got: bias.shape) }
        let tOut = window.outputSteps(t)
        guard tOut > 0 || t == 0 else {
            throw ZooError("\(where_): \(t) time steps are fewer than the window's \(window.span) (kernel_size \(window.size), dilation_rate \(window.dilation)) with padding 'valid'")
        }
        let left = window.leftPadding(t), rows = b * tOut, width = window.size * c
        let (cells, overflow) = rows.multipliedReportingOverflow(by: width)
        guard !overflow, cells <= maxWindowValues else {
            throw ZooError("\(where_): the windows of input \(Shape.describe(x.shape)) would hold \(rows) × \(width) values (at most \(maxWindowValues))")
        }
        let cols = FloatBuffer(uninitializedCount: cells)
        x.value.withUnsafeBufferPointer { px in
            forEachBatchItem(b, values: cells) { i in
                for s in 0..<tOut {
                    let row = cols.pointer + (i * tOut + s) * width
                    for k in 0..<window.size {
                        let src = window.source(output: s, tap: k, left: left)
                        if src >= 0 && src < t {
                            (row + k * c).update(from: px.baseAddress! + (i * t + src) * c, count: c)
                        } else {
                            (row + k * c).update(repeating: 0, count: c)
                        }
                    }
                }
            }
        }
        var y = Tensor(shape: [b, tOut, f])
        y.withUnsafeMutableBufferPointer { py in
            guard rows > 0, f > 0 else { return }
            if let bias {
                bias.value.withUnsafeBufferPointer { pb in VectorOps.broadcastRows(pb.baseAddress!, to: py.baseAddress!, rows: rows, cols: f, ld: f) }
            }
            w.value.withUnsafeBufferPointer { pw in
                Gemm.sgemm(transA: false, transB: false, m: rows, n: f, k: width, alpha: 1, a: cols.pointer, lda: width,
                           b: pw.baseAddress!, ldb: f, beta: bias == nil ? 0 : 1, c: py.baseAddress!, ldc: f)
            }
        }
        let wv = w.value, needX = x.requiresGrad, needW = w.requiresGrad
        let inputs = bias.map { [x, w, $0] } ?? [x, w]
        return OpNode.record1("conv1d", inputs: inputs, output: y) { dy in
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            guard rows > 0, f > 0 else {
                return [needX ? Tensor(shape: [b, t, c]) : nil, needW ? Tensor(shape: wv.shape) : nil, bias.map { _ in Tensor(shape: [f]) }]
            }
            dy.withUnsafeBufferPointer { pdy in
                if needW {
                    var g = Tensor(shape: wv.shape)
                    g.withUnsafeMutableBufferPointer { pg in
                        Gemm.sgemm(transA: true, transB: false, m: width, n: f, k: rows, alpha: 1, a: cols.pointer, lda: width,
                                   b: pdy.baseAddress!, ldb: f, beta: 0, c: pg.baseAddress!, ldc: f)
                    }
                    dw = g
                }
                if needX {
                    let dcols = FloatBuffer(uninitializedCount: rows * width)
                    wv.withUnsafeBufferPointer { pw in
                        Gemm.sgemm(transA: false, transB: true, m: rows, n: width, k: f, alpha: 1, a: pdy.baseAddress!, lda: f,
                                   b: pw.baseAddress!, ldb: f, beta: 0, c: dcols.pointer, ldc: width)
                    }
                    var g = Tensor(shape: [b, t, c])
                    g.withUnsafeMutableBufferPointer { pg in
                        let pdx = pg.baseAddress!
                        forEachBatchItem(b, values: cells) { i in
                            for s in 0..<tOut {
                                let row = dcols.pointer + (i * tOut + s) * width
                                for k in 0..<window.size {
                                    let src = window.source(output: s, tap: k, left: left)
                                    guard src >= 0 && src < t else { continue }
                                    VectorOps.add(row + k * c, into: pdx + (i * t + src) * c, count: c)
                                }
                            }
                        }
                    }
                    dx = g
                }
                if bias != nil {
                    var g = Tensor(shape: [f])
                    g.withUnsafeMutableBufferPointer { pg in VectorOps.sumRows(pdy.baseAddress!, rows: rows, cols: f, ld: f, into: pg.baseAddress!) }
                    db = g
                }
            }
            return [dx, dw, db]
        }
    }

    /// Window rows below this many values are laid out (and scattered back) on one thread.
    public static let parallelWindowValues = 1 << 18

    /// `body(i)` for each batch item i (items touch disjoint rows and input steps), split across
    /// the threads when the rows hold at least `parallelWindowValues` values.
    private static func forEachBatchItem(_ count: Int, values: Int, _ body: (Int) -> Void) {
        Parallel.run(threads: values >= parallelWindowValues ? Gemm.maxThreads : 1) { thread, threads in
            for i in stride(from: thread, to: count, by: threads) { body(i) }
        }
    }
}
