/// Differentiable ops of the Keras merge layers, with Keras 3's mask rules: elementwise merges of
/// inputs broadcast to one shape, concatenation along any axis but the batch axis, and the batchwise dot
/// product over one axis of each input (optionally of L2-normalised inputs).
public enum MergeOps {
    /// How a merge combines its inputs' masks. `any` (Keras 3): a step is kept where any input is
    /// real, and Multiply, Maximum and Minimum skip masked values; `all` (tf_keras): a step is kept
    /// where every input is, and masks leave the values alone. A layer config gives it as
    /// `mask_rule` ("any" when absent).
    public enum MaskRule: String, Sendable {
        case any, all
        /// The layer config key.
        public static let key = "mask_rule"
    }

    /// The elementwise merges. A mask is [B, T] (the input's shape without its last axis) of 0/1.
    public enum Elementwise: Sendable {
        case add, subtract, multiply, average, maximum, minimum
    }

    /// The shape Keras merges inputs of `shapes` to (batch axis first): a lower-rank input is
    /// widened by axes of length 1 after the batch axis, then every axis takes the one extent
    /// other than 1 (nil, unknown, wins). Nil when two extents other than 1 differ or the
    /// batch extents differ.
    public static func broadcastShape(_ shapes: [[Int?]]) -> [Int?]? {
        guard let rank = shapes.map(\.count).max(), rank >= 1 else { return nil }
        let widened = shapes.map { s in s.isEmpty ? s : [s[0]] + [Int?](repeating: 1, count: rank - s.count) + s.dropFirst() }
        guard !widened.contains(where: \.isEmpty) else { return nil }
        var out = widened[0]
        for s in widened.dropFirst() {
            for d in 0..<rank {
                switch (out[d], s[d]) {
                case (nil, _), (_, nil): out[d] = d == 0 ? (out[d] ?? s[d]) : nil
                case let (a?, b?) where a == b: continue
                case let (a?, b?) where d > 0 && (a == 1 || b == 1): out[d] = max(a, b)
                default: return nil
                }
            }
        }
        return out
    }

    /// x widened and repeated to `shape` as Keras's merges broadcast it (see `broadcastShape`);
    /// the gradient sums over the repeats.
    static func broadcast(_ x: Variable, to shape: [Int]) -> Variable {
        let rank = shape.count, xs = x.shape
        let widened = [xs[0]] + [Int](repeating: 1, count: rank - xs.count) + xs.dropFirst()
        var strides = [Int](repeating: 0, count: rank), step = 1
        for d in stride(from: rank - 1, through: 0, by: -1) {
            strides[d] = widened[d] == 1 ? 0 : step
            step *= widened[d]
        }
        let count = Shape.count(shape)
        var source = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: rank)
        for e in 0..<count {
            source[e] = zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        let y = Tensor(shape: shape, scalars: source.map { x.value.scalars[$0] })
        return OpNode.record1("merge_broadcast", inputs: [x], output: y) { dy in
            var dx = Tensor(shape: xs)
            for (e, src) in source.enumerated() { dx.scalars[src] += dy.scalars[e] }
            return [dx]
        }
    }

    /// Merges `xs` elementwise as Keras 3 does, broadcast to one shape (see `broadcastShape`;
    /// masks only with equal shapes), masks included:
    /// - add, subtract, average: the plain sum, difference or mean (masks do not change values);
    /// - multiply: a masked input counts as 1, and when every input has a mask, the positions
    ///   masked in all of them are 0;
    /// - maximum, minimum: Keras's pairwise fold, where a masked position takes the value merged
    ///   so far (or the next input's where only the merged-so-far one is masked), so the result
    ///   is the extremum over the inputs unmasked there (the first input where none is).
    /// The output mask is the OR of the masks when every input has one, else nil.
    ///
    /// With `maskRule` `.all` (tf_keras's meaning) masks leave the values alone and the output mask
    /// is the AND of the masks there are (nil when there are none).
    public static func elementwise(_ kind: Elementwise, _ xs: [Variable], masks: [Tensor?], maskRule: MaskRule = .any,
                                   layer: String) throws -> (Variable, Tensor?) {
        guard !xs.isEmpty else { throw ZooError("\(layer): no inputs") }
        if maskRule == .all {
            let present = masks.compactMap { $0 }
            if let shape = present.first?.shape, present.contains(where: { $0.shape != shape }) {
                throw ZooError("\(layer): masks \(present.map { Shape.describe($0.shape) }.joined(separator: " and ")) differ")
            }
            let y = try elementwise(kind, xs, masks: [], layer: layer).0
            let mask = present.first.map { first in
                Tensor(shape: first.shape, scalars: (0..<first.count).map { j in present.allSatisfy { $0.scalars[j] != 0 } ? 1 : 0 })
            }
            return (y, mask)
        }
        guard let common = broadcastShape(xs.map { $0.shape.map { Optional($0) } }) else {
            throw ZooError("\(layer): inputs have incompatible shapes \(xs.map { Shape.describe($0.shape) }.joined(separator: " and "))")
        }
        let shape = common.map { $0 ?? 0 }
        var xs = xs
        if xs.contains(where: { $0.shape != shape }) {
            guard !masks.contains(where: { $0 != nil }) else {
                throw ZooError("\(layer): masked inputs must have equal shapes, got \(xs.map { Shape.describe($0.shape) }.joined(separator: " and "))")
            }
            xs = xs.map { $0.shape == shape ? $0 : broadcast($0, to: shape) }
        }
        let first = xs[0]
        let rowLength = shape.last ?? 1
        let maskShape = Array(shape.dropLast())
        for case let m? in masks where m.shape != maskShape {
            throw ZooError("\(layer): mask \(Shape.describe(m.shape)) does not fit input \(Shape.describe(shape))")
        }
        let masks = xs.indices.map { $0 < masks.count ? masks[$0] : nil }
        let allMasked = !masks.contains { $0 == nil }
        let outMask: Tensor? = allMasked ? orMask(masks.compactMap { $0 }, shape: maskShape) : nil
        let count = first.value.count
        /// Whether input i is real at flat element e.
        func kept(_ i: Int, _ e: Int) -> Bool { masks[i].map { $0.scalars[e / rowLength] != 0 } ?? true }
        var y = Tensor(shape: shape)
        switch kind {
        case .add, .average, .subtract:
            let scale: Float = kind == .average ? 1 / Float(xs.count) : 1
            for (i, x) in xs.enumerated() {
                let sign: Float = kind == .subtract && i > 0 ? -1 : 1
                for e in 0..<count { y.scalars[e] += sign * x.value.scalars[e] }
            }
            if scale != 1 { for e in 0..<count { y.scalars[e] *= scale } }
            let signs = xs.indices.map { kind == .subtract && $0 > 0 ? -scale : scale }
            let out = OpNode.record("merge_\(kind)", inputs: xs, outputs: [y]) { grads in
                let dy = grads[0] ?? Tensor(shape: shape)
                return signs.map { s in
                    var g = dy
                    if s != 1 { for e in 0..<count { g.scalars[e] *= s } }
                    return g
                }
            }[0]
            return (out, outMask)
        case .multiply:
            let values = xs.map(\.value)
            /// The factor of input i at e: its value, or 1 where it is masked.
            func factor(_ i: Int, _ e: Int) -> Float { kept(i, e) ? values[i].scalars[e] : 1 }
            let zeroed = (0..<count).map { e in allMasked && outMask!.scalars[e / rowLength] == 0 }
            for e in 0..<count {
                y.scalars[e] = zeroed[e] ? 0 : xs.indices.reduce(Float(1)) { $0 * factor($1, e) }
            }
            let out = OpNode.record("merge_multiply", inputs: xs, outputs: [y]) { grads in
                let dy = grads[0] ?? Tensor(shape: shape)
                return xs.indices.map { i in
                    var g = Tensor(shape: shape)
                    for e in 0..<count where !zeroed[e] && kept(i, e) {
                        g.scalars[e] = xs.indices.reduce(dy.scalars[e]) { $1 == i ? $0 : $0 * factor($1, e) }
                    }
                    return g
                }
            }[0]
            return (out, outMask)
        case .maximum, .minimum:
            let values = xs.map(\.value)
            var source = [Int](repeating: 0, count: count)
            for e in 0..<count {
                // Keras's fold: `merged` is the running value and whether its mask is known and set.
                var merged = 0, mergedKept: Bool? = masks[0] == nil ? nil : kept(0, e)
                for i in 1..<xs.count {
                    var next = i
                    if masks[i] != nil, !kept(i, e) { next = merged }
                    if let k = mergedKept, !k { merged = next }
                    mergedKept = masks[i] != nil && mergedKept != nil ? (mergedKept! || kept(i, e)) : nil
                    let a = values[merged].scalars[e], b = values[next].scalars[e]
                    let takeNext = kind == .maximum ? b > a : b < a
                    if takeNext { merged = next }
                }
                source[e] = merged
                y.scalars[e] = values[merged].scalars[e]
            }
            let out = OpNode.record("merge_\(kind)", inputs: xs, outputs: [y]) { grads in
                let dy = grads[0] ?? Tensor(shape: shape)
                var gs = xs.map { _ in Tensor(shape: shape) }
                for e in 0..<count { gs[source[e]].scalars[e] = dy.scalars[e] }
                return gs
            }[0]
            return (out, outMask)
        }
    }

    /// The elementwise OR of equally shaped 0/1 masks.
    static func orMask(_ masks: [Tensor], shape: [Int]) -> Tensor {
        var m = Tensor(shape: shape)
        for mask in masks {
            for j in 0..<m.count where mask.scalars[j] != 0 { m.scalars[j] = 1 }
        }
        return m
    }

    /// Concatenation along `axis` (≥ 1, counted with the batch axis); every other extent equal.
    public static func concatenate(_ parts: [Variable], axis: Int, layer: String) throws -> Variable {
        guard let first = parts.first else { throw ZooError("\(layer): no inputs") }
        let rank = first.value.rank
        let shapes = parts.map(\.shape)
        let fits = shapes.allSatisfy { s in
            s.count == rank && s.indices.allSatisfy { $0 == axis || s[$0] == first.shape[$0] }
        }
        guard axis >= 1, axis < rank, fits else {
            throw ZooError("\(layer): cannot concatenate \(shapes.map { Shape.describe($0) }.joined(separator: ", ")) along axis \(axis)")
        }
        let outer = Shape.count(Array(first.shape[..<axis]))
        let inner = Shape.count(Array(first.shape[(axis + 1)...]))
        let widths = parts.map { $0.shape[axis] * inner }
        let total = widths.reduce(0, +)
        var outShape = first.shape
        outShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        var y = Tensor(shape: outShape)
        var offset = 0
        for (p, w) in zip(parts, widths) {
            for o in 0..<outer {
                for j in 0..<w { y.scalars[o * total + offset + j] = p.value.scalars[o * w + j] }
            }
            offset += w
        }
        return OpNode.record("concatenate", inputs: parts, outputs: [y]) { grads in
            let dy = grads[0] ?? Tensor(shape: outShape)
            var off = 0
            return zip(shapes, widths).map { s, w in
                var g = Tensor(shape: s)
                for o in 0..<outer {
                    for j in 0..<w { g.scalars[o * w + j] = dy.scalars[o * total + off + j] }
                }
                off += w
                return g
            }
        }[0]
    }

    /// Keras's Concatenate mask: each input's mask ([B, T] for an input [B, T, F], or of the
    /// input's own shape; all ones when it has none) spread over the input's shape, concatenated
    /// along `axis`, then OR-ed over the last axis. Nil when no input has a mask.
    /// With `maskRule` `.all` (tf_keras's meaning) a step is kept when every entry is real (AND).
    public static func concatenatedMask(_ shapes: [[Int]], masks: [Tensor?], axis: Int, maskRule: MaskRule = .any,
                                        layer: String) throws -> Tensor? {
        guard masks.contains(where: { $0 != nil }) else { return nil }
        let spread = try shapes.enumerated().map { i, s -> Tensor in
            guard i < masks.count, let m = masks[i] else { return Tensor(shape: s, repeating: 1) }
            if m.shape == s { return m }
            guard m.shape == Array(s.dropLast()) else {
                throw ZooError("\(layer): mask \(Shape.describe(m.shape)) does not fit input \(Shape.describe(s))")
            }
            let f = s.last ?? 1
            return Tensor(shape: s, scalars: (0..<Shape.count(s)).map { m.scalars[$0 / f] })
        }
        let joined = try concatenate(spread.map { Variable($0) }, axis: axis, layer: layer).value
        let f = joined.shape.last ?? 1
        var out = Tensor(shape: Array(joined.shape.dropLast()))
        for r in 0..<out.count {
            let real = (0..<f).map { joined.scalars[r * f + $0] != 0 }
            if maskRule == .all ? !real.contains(false) : real.contains(true) { out.scalars[r] = 1 }
        }
        return out
    }

    /// Keras's `batch_dot` of x and y over x's axis `axes.0` and y's axis `axes.1` (both ≥ 1,
    /// equal extents K), each input first L2-normalised along that axis with `normalize`
    /// (x / max(‖x‖, `epsilon`): Keras 3's 1e-7, tf_keras's 1e-6). The result holds x's other
    /// axes, then y's other non-batch axes; [B] becomes [B, 1].
    public static func batchDot(_ x: Variable, _ y: Variable, axes: (Int, Int), normalize: Bool, epsilon: Double = 1e-7,
                                layer: String) throws -> Variable {
        let limit = Float(1 / epsilon)
        let xs = x.shape, ys = y.shape
        guard xs.count >= 2, ys.count >= 2, (1..<xs.count).contains(axes.0), (1..<ys.count).contains(axes.1),
              xs[0] == ys[0], xs[axes.0] == ys[axes.1] else {
            throw ZooError("\(layer): cannot take the dot product of \(Shape.describe(xs)) and \(Shape.describe(ys)) over axes (\(axes.0), \(axes.1))")
        }
        let batch = xs[0], k = xs[axes.0]
        let xRest = xs.indices.filter { $0 != 0 && $0 != axes.0 }, yRest = ys.indices.filter { $0 != 0 && $0 != axes.1 }
        let m = Shape.count(xRest.map { xs[$0] }), n = Shape.count(yRest.map { ys[$0] })
        // x as [B, M, K] and y as [B, K, N]: the flat source index of each entry.
        let xIndex = gatherIndex(xs, order: [0] + xRest + [axes.0])
        let yIndex = gatherIndex(ys, order: [0, axes.1] + yRest)
        var a = xIndex.map { x.value.scalars[$0] }, b = yIndex.map { y.value.scalars[$0] }
        var aScale: [Float] = [], bScale: [Float] = []
        if normalize {
            aScale = normaliseLines(&a, limit: limit, lines: batch * m, length: k, stride: 1, step: k, groups: 1, groupStride: 0)
            bScale = normaliseLines(&b, limit: limit, lines: n, length: k, stride: n, step: 1, groups: batch, groupStride: k * n)
        }
        var outShape = [batch] + xRest.map { xs[$0] } + yRest.map { ys[$0] }
        if outShape.count == 1 { outShape.append(1) }
        var out = Tensor(shape: outShape)
        for bi in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var s: Float = 0
                    for p in 0..<k { s += a[(bi * m + i) * k + p] * b[(bi * k + p) * n + j] }
                    out.scalars[(bi * m + i) * n + j] = s
                }
            }
        }
        let an = a, bn = b
        return OpNode.record("batch_dot", inputs: [x, y], outputs: [out]) { grads in
            let dy = grads[0] ?? Tensor(shape: outShape)
            var da = [Float](repeating: 0, count: an.count), db = [Float](repeating: 0, count: bn.count)
            for bi in 0..<batch {
                for i in 0..<m {
                    for j in 0..<n {
                        let g = dy.scalars[(bi * m + i) * n + j]
                        guard g != 0 else { continue }
                        for p in 0..<k {
                            da[(bi * m + i) * k + p] += g * bn[(bi * k + p) * n + j]
                            db[(bi * k + p) * n + j] += g * an[(bi * m + i) * k + p]
                        }
                    }
                }
            }
            if normalize {
                normaliseBackward(&da, normalised: an, scale: aScale, limit: limit, lines: batch * m, length: k, stride: 1, step: k, groups: 1, groupStride: 0)
                normaliseBackward(&db, normalised: bn, scale: bScale, limit: limit, lines: n, length: k, stride: n, step: 1, groups: batch, groupStride: k * n)
            }
            var dx = Tensor(shape: xs), dyIn = Tensor(shape: ys)
            for (e, src) in xIndex.enumerated() { dx.scalars[src] = da[e] }
            for (e, src) in yIndex.enumerated() { dyIn.scalars[src] = db[e] }
            return [dx, dyIn]
        }[0]
    }

    /// For the axes of `shape` taken in `order`, the flat index in `shape` of each entry of the
    /// transposed tensor (row-major).
    private static func gatherIndex(_ shape: [Int], order: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var index: [Int] = [0]
        for d in order {
            index = index.flatMap { base in (0..<shape[d]).map { base + $0 * strides[d] } }
        }
        return index
    }

    /// Keras's L2 normalisation in place of `lines` lines of `length` entries (entry p of line l
    /// of group g at g·groupStride + l·step + p·stride): v · min(1/‖v‖, limit). Returns each
    /// line's factor (`limit` marks the clipped ones, whose factor is constant).
    private static func normaliseLines(_ v: inout [Float], limit: Float, lines: Int, length: Int, stride: Int, step: Int,
                                       groups: Int, groupStride: Int) -> [Float] {
        var scales: [Float] = []
        for g in 0..<groups {
            for l in 0..<lines {
                let start = g * groupStride + l * step
                var sum: Float = 0
                for p in 0..<length { sum += v[start + p * stride] * v[start + p * stride] }
                let s = min(1 / sum.squareRoot(), limit)
                for p in 0..<length { v[start + p * stride] *= s }
                scales.append(s)
            }
        }
        return scales
    }

    /// The gradient through `normaliseLines`: g ← s · (g − (g·u) u) for u the normalised line,
    /// or s · g where the factor was clipped.
    private static func normaliseBackward(_ grad: inout [Float], normalised u: [Float], scale: [Float], limit: Float, lines: Int, length: Int,
                                          stride: Int, step: Int, groups: Int, groupStride: Int) {
        var line = 0
        for g in 0..<groups {
            for l in 0..<lines {
                let start = g * groupStride + l * step, s = scale[line]
                line += 1
                var dot: Float = 0
                if s < limit { for p in 0..<length { dot += grad[start + p * stride] * u[start + p * stride] } }
                for p in 0..<length { grad[start + p * stride] = s * (grad[start + p * stride] - dot * u[start + p * stride]) }
            }
        }
    }
}
