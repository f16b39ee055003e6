/// Differentiable linear algebra: `x·W (+ b)` over the last axis.
public enum LinearOps {
    /// y[..., N] = x[..., K] · w[K, N] + b[N]  (b optional). Backward: dx = dy·wᵀ, dw = xᵀ·dy,
    /// db = Σ_rows dy.
    public static func dense(_ x: Variable, _ w: Variable, _ b: Variable?, where_: String = "dense") throws -> Variable {
        guard w.value.rank == 2, let k = x.value.shape.last, k == w.value.shape[0] else {
            throw ZooError("\(where_): cannot multiply input \(Shape.describe(x.shape)) by kernel \(Shape.describe(w.shape))")
        }
        let n = w.value.shape[1]
        if let b, b.value.shape != [n] {
            throw ZooError.shape("\(where_) bias", expected: "(\(n),)", got: b.shape)
        }
        let rows = x.value.count / max(k, 1)
        var outShape = x.value.shape
        outShape[outShape.count - 1] = n
        var y = Tensor(shape: outShape)
        x.value.withUnsafeBufferPointer { px in
            w.value.withUnsafeBufferPointer { pw in
                y.withUnsafeMutableBufferPointer { py in
                    if let b {
                        b.value.withUnsafeBufferPointer { pb in
                            VectorOps.broadcastRows(pb.baseAddress!, to: py.baseAddress!, rows: rows, cols: n, ld: n)
                        }
                    }
                    guard rows > 0, n > 0 else { return }
                    Gemm.sgemm(transA: false, transB: false, m: rows, n: n, k: k, alpha: 1,
                               a: px.baseAddress!, lda: k, b: pw.baseAddress!, ldb: n,
                               beta: b == nil ? 0 : 1, c: py.baseAddress!, ldc: n)
                }
            }
        }
        let inputs = b.map { [x, w, $0] } ?? [x, w]
        let xv = x.value, wv = w.value
        let needX = x.requiresGrad, needW = w.requiresGrad
        return OpNode.record1("dense", inputs: inputs, output: y) { dy in
            var dx: Tensor?, dw: Tensor?, db: Tensor?
            dy.withUnsafeBufferPointer { pdy in
                if needX, k > 0 {
                    var g = Tensor(shape: xv.shape)
                    g.withUnsafeMutableBufferPointer { pg in
                        wv.withUnsafeBufferPointer { pw in
                            if rows > 0, n > 0 {
                                Gemm.sgemm(transA: false, transB: true, m: rows, n: k, k: n, alpha: 1,
                                           a: pdy.baseAddress!, lda: n, b: pw.baseAddress!, ldb: n,
                                           beta: 0, c: pg.baseAddress!, ldc: k)
                            }
                        }
                    }
                    dx = g
                }
                if needW {
                    var g = Tensor(shape: wv.shape)
                    g.withUnsafeMutableBufferPointer { pg in
                        xv.withUnsafeBufferPointer { px in
                            if rows > 0, n > 0, k > 0 {
                                Gemm.sgemm(transA: true, transB: false, m: k, n: n, k: rows, alpha: 1,
                                           a: px.baseAddress!, lda: k, b: pdy.baseAddress!, ldb: n,
                                           beta: 0, c: pg.baseAddress!, ldc: n)
                            }
                        }
                    }
                    dw = g
                }
                if b != nil {
                    var g = Tensor(shape: [n])
                    g.withUnsafeMutableBufferPointer { pg in
                        if rows > 0 { VectorOps.sumRows(pdy.baseAddress!, rows: rows, cols: n, ld: n, into: pg.baseAddress!) }
                    }
                    db = g
                }
            }
            return [dx, dw, db]
        }
    }
}
