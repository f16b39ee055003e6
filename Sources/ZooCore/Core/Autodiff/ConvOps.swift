/// Differentiable 1-D convolution over time (Keras Conv1D, channels_last, groups 1) on the packed
/// GEMM. With stride 1 and dilation 1 (Keras's defaults) the windows are overlapping slices of the
/// (padded) input, which the GEMM reads in place; with stride 1 and a dilation one GEMM multiplies
/// the input steps by every tap's kernel at once and each output step sums its taps' products;
/// with a stride the windows are laid out as rows (im2col), multiplied by the kernel, and their
/// gradient scattered back (col2im).
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
    ///   - where_: names the layer in errors
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
        if window.stride == 1 {
            return window.dilation == 1 ? try convolveOverlapping(x, w, bias, window: window, where_: where_)
                : try convolveByTaps(x, w, bias, window: window, where_: where_)
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

    /// Stride 1: Z = X · W_cat ([B·T, C] · [C, K·F], W_cat[c, k·F + f] = w[k, c, f]) multiplies
    /// every input step by every tap's kernel in one GEMM whose large operand is the input itself
    /// (K times smaller than the window rows), then y[b, s] = bias + Σ_k Z[b, s + k·d − pad, tap k].
    /// Backward: dZ[b, s + k·d − pad, tap k] = dy[b, s] (zero where no output step reads that
    /// input step through tap k), dW_cat = Xᵀ · dZ and dX = dZ · W_catᵀ — no scatter.
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - w: [K, C, F]
    ///   - bias: [F] or nil
    /// - Returns: [B, T_out, F]
    private static func convolveByTaps(_ x: Variable, _ w: Variable, _ bias: Variable?, window: TimeWindow, where_: String) throws -> Variable {
        let b = x.shape[0], t = x.shape[1], c = x.shape[2], f = w.shape[2], taps = window.size
        let tOut = window.outputSteps(t), left = window.leftPadding(t), dilation = window.dilation
        let steps = b * t, width = taps * f
        let (cells, overflow) = steps.multipliedReportingOverflow(by: width)
        guard !overflow, cells <= maxWindowValues else {
            throw ZooError("\(where_): the taps' products of input \(Shape.describe(x.shape)) would hold \(steps) × \(width) values (at most \(maxWindowValues))")
        }
        var wcat = Tensor(shape: [c, width])
        w.value.withUnsafeBufferPointer { pw in
            wcat.withUnsafeMutableBufferPointer { pc in
                for k in 0..<taps {
                    for ci in 0..<c { (pc.baseAddress! + ci * width + k * f).update(from: pw.baseAddress! + (k * c + ci) * f, count: f) }
                }
            }
        }
        var y = Tensor(shape: [b, tOut, f])
        let xv = x.value, rows = b * tOut
        if rows > 0, f > 0 {
            let z = FloatBuffer(uninitializedCount: cells)
            xv.withUnsafeBufferPointer { px in
                wcat.withUnsafeBufferPointer { pc in
                    Gemm.sgemm(transA: false, transB: false, m: steps, n: width, k: c, alpha: 1, a: px.baseAddress!, lda: c,
                               b: pc.baseAddress!, ldb: width, beta: 0, c: z.pointer, ldc: width)
                }
            }
            y.withUnsafeMutableBufferPointer { py in
                let out = py.baseAddress!
                if let bias {
                    bias.value.withUnsafeBufferPointer { pb in VectorOps.broadcastRows(pb.baseAddress!, to: out, rows: rows, cols: f, ld: f) }
                }
                forEachBatchItem(b, values: cells) { i in
                    for s in 0..<tOut {
                        for k in 0..<taps {
                            let src = window.source(output: s, tap: k, left: left)
                            guard src >= 0 && src < t else { continue }
                            VectorOps.add(z.pointer + (i * t + src) * width + k * f, into: out + (i * tOut + s) * f, count: f)
                        }
                    }
                }
            }
        }
        let wShape = w.shape, needX = x.requiresGrad, needW = w.requiresGrad
        let inputs = bias.map { [x, w, $0] } ?? [x, w]
        return OpNode.record1("conv1d", inputs: inputs, output: y) { dy in
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            guard rows > 0, f > 0 else {
                return [needX ? Tensor(shape: [b, t, c]) : nil, needW ? Tensor(shape: wShape) : nil, bias.map { _ in Tensor(shape: [f]) }]
            }
            let dz = FloatBuffer(uninitializedCount: cells)
            dy.withUnsafeBufferPointer { pdy in
                forEachBatchItem(b, values: cells) { i in
                    for r in 0..<t {
                        for k in 0..<taps {
                            let s = r + left - k * dilation, row = dz.pointer + (i * t + r) * width + k * f
                            if s >= 0 && s < tOut {
                                row.update(from: pdy.baseAddress! + (i * tOut + s) * f, count: f)
                            } else {
                                row.update(repeating: 0, count: f)
                            }
                        }
                    }
                }
                if bias != nil {
                    var g = Tensor(shape: [f])
                    g.withUnsafeMutableBufferPointer { pg in VectorOps.sumRows(pdy.baseAddress!, rows: rows, cols: f, ld: f, into: pg.baseAddress!) }
                    db = g
                }
            }
            if needW {
                var gcat = [Float](repeating: 0, count: c * width)
                xv.withUnsafeBufferPointer { px in
                    Gemm.sgemm(transA: true, transB: false, m: c, n: width, k: steps, alpha: 1, a: px.baseAddress!, lda: c,
                               b: dz.pointer, ldb: width, beta: 0, c: &gcat, ldc: width)
                }
                var g = Tensor(shape: wShape)
                g.withUnsafeMutableBufferPointer { pg in
                    gcat.withUnsafeBufferPointer { pcat in
                        for k in 0..<taps {
                            for ci in 0..<c {
                                (pg.baseAddress! + (k * c + ci) * f).update(from: pcat.baseAddress! + ci * width + k * f, count: f)
                            }
                        }
                    }
                }
                dw = g
            }
            if needX {
                var g = Tensor(shape: [b, t, c])
                g.withUnsafeMutableBufferPointer { pg in
                    wcat.withUnsafeBufferPointer { pc in
                        Gemm.sgemm(transA: false, transB: true, m: steps, n: c, k: width, alpha: 1, a: dz.pointer, lda: width,
                                   b: pc.baseAddress!, ldb: width, beta: 0, c: pg.baseAddress!, ldc: c)
                    }
                }
                dx = g
            }
            return [dx, dw, db]
        }
    }

    /// Stride 1, dilation 1: the window of output step s is input steps s ..< s + K of the padded
    /// input, so the window rows are overlapping slices of it, each C values after the last: one
    /// GEMM reads them in place as an A of K·C columns and row stride C, times w in its own layout
    /// [K·C, F] (no window rows laid out, no taps summed). Items follow each other, T_pad = T_out
    /// + K − 1 rows apart; the K − 1 rows straddling into the next item are computed and dropped.
    /// Backward: dW = X_padᵀ · dZ over the same overlapping rows (dZ zero at the dropped rows), and
    /// dX_pad = dZ_pad · W_flip (W_flip[(K − 1 − k)·F + f, c] = w[k, c, f]), whose A rows are the
    /// overlapping slices of dZ behind K − 1 zero rows: the transposed convolution, no scatter.
    /// - Parameters:
    ///   - x: [B, T, C]
    ///   - w: [K, C, F]
    ///   - bias: [F] or nil
    /// - Returns: [B, T_out, F]
    private static func convolveOverlapping(_ x: Variable, _ w: Variable, _ bias: Variable?, window: TimeWindow, where_: String) throws -> Variable {
        let b = x.shape[0], t = x.shape[1], c = x.shape[2], f = w.shape[2], taps = window.size
        let tOut = window.outputSteps(t), left = window.leftPadding(t), halo = taps - 1
        let tp = tOut + halo, padded = left > 0 || tp != t
        let (steps, o1) = b.multipliedReportingOverflow(by: tp)
        let (cells, o2) = (steps + halo).multipliedReportingOverflow(by: max(c, f))
        guard !o1, !o2, cells <= maxWindowValues else {
            throw ZooError("\(where_): the padded input and its gradient for input \(Shape.describe(x.shape)) would hold \(b) × \(tp) × \(max(c, f)) values (at most \(maxWindowValues))")
        }
        var y = Tensor(shape: [b, tOut, f])
        let live = b > 0 && tOut > 0 && f > 0, rows = steps - halo, width = taps * c, xv = x.value
        // X_pad [B·T_pad, C]: the input itself when the padding is valid.
        let xp: FloatBuffer? = padded ? FloatBuffer(count: b * tp * c) : nil
        if let xp {
            xv.withUnsafeBufferPointer { px in
                forEachBatchItem(b, values: b * tp * c) { i in
                    (xp.pointer + (i * tp + left) * c).update(from: px.baseAddress! + i * t * c, count: t * c)
                }
            }
        }
        func withPaddedInput<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
            if let xp { return body(xp.pointer) }
            return xv.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
        if live {
            let z = FloatBuffer(uninitializedCount: rows * f)
            withPaddedInput { pa in
                w.value.withUnsafeBufferPointer { pw in
                    Gemm.sgemm(transA: false, transB: false, m: rows, n: f, k: width, alpha: 1, a: pa, lda: c,
                               b: pw.baseAddress!, ldb: f, beta: 0, c: z.pointer, ldc: f)
                }
            }
            y.withUnsafeMutableBufferPointer { py in
                let out = py.baseAddress!
                forEachBatchItem(b, values: b * tOut * f) { i in
                    (out + i * tOut * f).update(from: z.pointer + i * tp * f, count: tOut * f)
                }
                if let bias {
                    bias.value.withUnsafeBufferPointer { pb in VectorOps.addRowVector(pb.baseAddress!, to: out, rows: b * tOut, cols: f, ld: f) }
                }
            }
        }
        let wv = w.value, needX = x.requiresGrad, needW = w.requiresGrad
        let inputs = bias.map { [x, w, $0] } ?? [x, w]
        return OpNode.record1("conv1d", inputs: inputs, output: y) { dy in
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            guard live else {
                return [needX ? Tensor(shape: [b, t, c]) : nil, needW ? Tensor(shape: wv.shape) : nil, bias.map { _ in Tensor(shape: [f]) }]
            }
            // dZ_pad [K − 1 + B·T_pad, F]: K − 1 zero rows, then each item's T_out rows of dy and K − 1 zero rows.
            let dz = FloatBuffer(count: (halo + steps) * f), dzRows = dz.pointer + halo * f
            dy.withUnsafeBufferPointer { pdy in
                forEachBatchItem(b, values: b * tp * f) { i in
                    (dzRows + i * tp * f).update(from: pdy.baseAddress! + i * tOut * f, count: tOut * f)
                }
                if bias != nil {
                    var g = Tensor(shape: [f])
                    g.withUnsafeMutableBufferPointer { pg in VectorOps.sumRows(pdy.baseAddress!, rows: b * tOut, cols: f, ld: f, into: pg.baseAddress!) }
                    db = g
                }
            }
            if needW {
                var g = Tensor(shape: wv.shape)
                g.withUnsafeMutableBufferPointer { pg in
                    withPaddedInput { pa in
                        Gemm.sgemm(transA: true, transB: false, m: width, n: f, k: rows, alpha: 1, a: pa, lda: c,
                                   b: dzRows, ldb: f, beta: 0, c: pg.baseAddress!, ldc: f)
                    }
                }
                dw = g
            }
            if needX {
                let flipped = FloatBuffer(uninitializedCount: taps * f * c)
                wv.withUnsafeBufferPointer { pw in
                    for k in 0..<taps {
                        for ci in 0..<c {
                            for j in 0..<f { flipped[((halo - k) * f + j) * c + ci] = pw[(k * c + ci) * f + j] }
                        }
                    }
                }
                var g = Tensor(shape: [b, t, c])
                g.withUnsafeMutableBufferPointer { pg in
                    let pdx = pg.baseAddress!
                    if padded {
                        let dxp = FloatBuffer(uninitializedCount: b * tp * c)
                        Gemm.sgemm(transA: false, transB: false, m: b * tp, n: c, k: taps * f, alpha: 1, a: dz.pointer, lda: f,
                                   b: flipped.pointer, ldb: c, beta: 0, c: dxp.pointer, ldc: c)
                        forEachBatchItem(b, values: b * tp * c) { i in
                            (pdx + i * t * c).update(from: dxp.pointer + (i * tp + left) * c, count: t * c)
                        }
                    } else {
                        Gemm.sgemm(transA: false, transB: false, m: b * t, n: c, k: taps * f, alpha: 1, a: dz.pointer, lda: f,
                                   b: flipped.pointer, ldb: c, beta: 0, c: pdx, ldc: c)
                    }
                }
                dx = g
            }
            return [dx, dw, db]
        }
    }

    /// Window rows (or taps' products) below this many values are laid out, summed and scattered
    /// back on one thread.
    public static let parallelWindowValues = 1 << 18

    /// `body(i)` for each batch item i (items touch disjoint rows and input steps), split across
    /// the threads when the rows hold at least `parallelWindowValues` values.
    private static func forEachBatchItem(_ count: Int, values: Int, _ body: (Int) -> Void) {
        Parallel.run(threads: values >= parallelWindowValues ? Gemm.maxThreads : 1) { thread, threads in
            for i in stride(from: thread, to: count, by: threads) { body(i) }
        }
    }
}
