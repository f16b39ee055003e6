/// Differentiable elementwise ops, activations and shape ops used by the layers.
public enum ElementwiseOps {
    /// a + b (same shape).
    public static func add(_ a: Variable, _ b: Variable) throws -> Variable {
        try checkSame(a, b, "add")
        var y = a.value
        VectorOps.addInPlace(&y, b.value)
        return OpNode.record1("add", inputs: [a, b], output: y) { dy in [dy, dy] }
    }

    /// a · b elementwise (same shape).
    public static func multiply(_ a: Variable, _ b: Variable) throws -> Variable {
        try checkSame(a, b, "multiply")
        let av = a.value, bv = b.value
        var y = av
        for i in 0..<y.count { y.scalars[i] *= bv.scalars[i] }
        return OpNode.record1("multiply", inputs: [a, b], output: y) { dy in
            var da = dy, db = dy
            for i in 0..<dy.count {
                da.scalars[i] *= bv.scalars[i]
                db.scalars[i] *= av.scalars[i]
            }
            return [da, db]
        }
    }

    /// s · x for a constant s.
    public static func scale(_ x: Variable, by s: Float) -> Variable {
        var y = x.value
        for i in 0..<y.count { y.scalars[i] *= s }
        return OpNode.record1("scale", inputs: [x], output: y) { dy in
            var dx = dy
            for i in 0..<dx.count { dx.scalars[i] *= s }
            return [dx]
        }
    }

    /// x · m elementwise for a constant m of the same shape (dropout masks, sequence masks).
    public static func multiply(_ x: Variable, constant m: Tensor) -> Variable {
        precondition(m.count == x.value.count, "mask \(m.shape) for \(x.shape)")
        var y = x.value
        for i in 0..<y.count { y.scalars[i] *= m.scalars[i] }
        return OpNode.record1("multiply_constant", inputs: [x], output: y) { dy in
            var dx = dy
            for i in 0..<dx.count { dx.scalars[i] *= m.scalars[i] }
            return [dx]
        }
    }

    /// f(x) for an activation (softmax and log softmax over the last axis); keeps x for the
    /// backward pass only when the activation needs it.
    public static func activation(_ x: Variable, _ f: Activation) -> Variable {
        if f == .linear { return x }
        let row = x.value.shape.last ?? 1
        var y = x.value
        y.withUnsafeMutableBufferPointer { p in
            f.apply(p.baseAddress!, p.baseAddress!, count: p.count, rowLength: row)
        }
        let yv = y, xv: Tensor? = f.needsInput ? x.value : nil
        return OpNode.record1("activation_\(f.kerasName)", inputs: [x], output: y) { dy in
            var dx = dy
            dx.withUnsafeMutableBufferPointer { pdx in
                yv.withUnsafeBufferPointer { py in
                    if let xv {
                        xv.withUnsafeBufferPointer { px in
                            f.backward(input: px.baseAddress!, output: py.baseAddress!, gradOutput: pdx.baseAddress!,
                                       gradInput: pdx.baseAddress!, count: pdx.count, rowLength: row)
                        }
                    } else {
                        f.backward(output: py.baseAddress!, gradOutput: pdx.baseAddress!, gradInput: pdx.baseAddress!,
                                   count: pdx.count, rowLength: row)
                    }
                }
            }
            return [dx]
        }
    }

    /// Concatenation along the last axis; all other extents equal.
    static func concatLast(_ parts: [Variable]) throws -> Variable {
        guard let first = parts.first else { throw ZooError("concatenate: no inputs") }
        let lead = Array(first.shape.dropLast())
        for p in parts where Array(p.shape.dropLast()) != lead || p.value.rank == 0 {
            throw ZooError("concatenate: shapes \(parts.map { Shape.describe($0.shape) }.joined(separator: ", ")) differ outside the last axis")
        }
        let widths = parts.map { $0.shape.last! }
        let total = widths.reduce(0, +)
        let rows = Shape.count(lead)
        var y = Tensor(shape: lead + [total])
        var offset = 0
        for (p, w) in zip(parts, widths) {
            for r in 0..<rows {
                for j in 0..<w { y.scalars[r * total + offset + j] = p.value.scalars[r * w + j] }
            }
            offset += w
        }
        return OpNode.record1("concatenate", inputs: parts, output: y) { dy in
            var grads: [Tensor?] = []
            var off = 0
            for (p, w) in zip(parts, widths) {
                var g = Tensor(shape: p.shape)
                for r in 0..<rows {
                    for j in 0..<w { g.scalars[r * w + j] = dy.scalars[r * total + off + j] }
                }
                grads.append(g)
                off += w
            }
            return grads
        }
    }

    /// Reverses axis 1 of a [B, T, ...] tensor (Keras `go_backwards` outputs are in reversed time).
    public static func reverseTime(_ x: Variable) -> Variable {
        let y = reverseTime(x.value)
        return OpNode.record1("reverse_time", inputs: [x], output: y) { dy in [reverseTime(dy)] }
    }

    /// The same reversal on a plain tensor.
    public static func reverseTime(_ x: Tensor) -> Tensor {
        guard x.rank >= 2 else { return x }
        let b = x.shape[0], t = x.shape[1]
        let inner = x.count / max(b * t, 1)
        var y = x
        for i in 0..<b {
            for s in 0..<t {
                let src = (i * t + s) * inner, dst = (i * t + (t - 1 - s)) * inner
                for j in 0..<inner { y.scalars[dst + j] = x.scalars[src + j] }
            }
        }
        return y
    }

    /// The same values under another shape (element count unchanged).
    public static func reshape(_ x: Variable, _ shape: [Int]) throws -> Variable {
        guard Shape.count(shape) == x.value.count else {
            throw ZooError("reshape: cannot view \(Shape.describe(x.shape)) as \(Shape.describe(shape))")
        }
        let old = x.shape
        return OpNode.record1("reshape", inputs: [x], output: x.value.reshaped(shape)) { dy in [dy.reshaped(old)] }
    }

    /// Σ x · c for a constant c of the same shape: a scalar (used to probe gradients).
    public static func dot(_ x: Variable, constant c: Tensor) -> Variable {
        precondition(c.count == x.value.count)
        var s: Double = 0
        for i in 0..<c.count { s += Double(x.value.scalars[i]) * Double(c.scalars[i]) }
        return OpNode.record1("dot_constant", inputs: [x], output: Tensor(Float(s))) { dy in
            var g = c
            for i in 0..<g.count { g.scalars[i] *= dy.scalar }
            return [g]
        }
    }

    /// Σ_i x_i over all elements: a scalar.
    public static func sum(_ xs: [Variable]) -> Variable {
        var s: Double = 0
        for x in xs { for v in x.value.scalars { s += Double(v) } }
        let shapes = xs.map(\.shape)
        return OpNode.record1("sum", inputs: xs, output: Tensor(Float(s))) { dy in
            shapes.map { Tensor(shape: $0, repeating: dy.scalar) }
        }
    }

    private static func checkSame(_ a: Variable, _ b: Variable, _ op: String) throws {
        guard a.shape == b.shape else {
            throw ZooError("\(op): shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) differ")
        }
    }
}
