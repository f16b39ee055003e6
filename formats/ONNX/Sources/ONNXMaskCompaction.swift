/// A Keras mask [B, T] (bool) as the index tensors that move each row's real steps to the front
/// and back again, so that a native recurrent operator with `sequence_lens` runs exactly the
/// steps Keras runs whatever the padding (leading, trailing or inside a row). Built once per
/// mask from standard operators (opset 11+: CumSum, ScatterElements, GatherElements), all
/// indices int64 [B, T]:
/// - `cs[b, t]` = CumSum of the mask over time (real steps up to and including t);
/// - `dest[b, t]` = where step t goes: `cs − 1` for a real step, `L + (t + 1 − cs) − 1` for a
///   masked one (L = real steps of the row), a permutation of 0..<T per row;
/// - `order` = its inverse (ScatterElements of t at `dest`): `order[b, j]` is the time of the
///   j-th real step for j < L, the masked steps in time order after;
/// - `carry[b, t]` = `max(cs − 1, 0)`: the compacted step whose output Keras shows at t (the last
///   real step up to t), with `started[b, t]` = `cs > 0` (no real step yet: zeros).
struct ONNXMaskCompaction {
    let mask: String
    let order: String
    let carry: String
    let started: String

    init(_ b: inout ONNXGraphBuilder, mask: String) {
        let base = mask + "/compaction"
        let one = b.int64s(base + "/one", [1]), zero = b.int64s(base + "/zero", [0])
        let axis = [b.int32Scalar(base + "/time_axis", 1)]
        let real = b.cast(mask, to: .int64, base: base + "/real")
        let cs = b.one("CumSum", [real] + axis, base: base + "/real_so_far")
        let masked = b.one("CumSum", [b.one("Sub", [one, real], base: base + "/masked")] + axis, base: base + "/masked_so_far")
        let time = b.one("Sub", [b.one("Add", [cs, masked], base: base + "/steps_so_far"), one], base: base + "/time")
        let length = b.reduce("ReduceSum", real, axes: [1], keepDims: true, base: base + "/length")
        let realSlot = b.one("Sub", [cs, one], base: base + "/real_slot")
        let maskedSlot = b.one("Add", [length, b.one("Sub", [masked, one], base: base + "/masked_rank")], base: base + "/masked_slot")
        let dest = b.one("Where", [mask, realSlot, maskedSlot], base: base + "/destination")
        self.mask = mask
        order = b.one("ScatterElements", [time, dest, time], base: base + "/order", [ONNXGraphBuilder.attribute("axis", int: 1)])
        started = b.one("Greater", [cs, zero], base: base + "/started")
        carry = b.one("Where", [started, realSlot, zero], base: base + "/carry")
    }

    /// x [B, T, F] with each row's real steps first (in time order), its masked steps after.
    func front(_ b: inout ONNXGraphBuilder, _ x: String, base: String) -> String {
        gather(&b, x, order, rank: 3, base: base + "/compacted")
    }

    /// y [B, T, …] of the compacted steps (rank 3 or more) back in time order with Keras's
    /// masked outputs: a masked step repeats the last real step's output (zeros before the
    /// first), or with `zeroMasked` (Bidirectional's `zero_output_for_mask`) is zeros.
    func back(_ b: inout ONNXGraphBuilder, _ y: String, rank: Int, zeroMasked: Bool, base: String) -> String {
        let shown = gather(&b, y, carry, rank: rank, base: base + "/in_time")
        let keep = b.unsqueeze(zeroMasked ? mask : started, axes: Array(2..<rank), base: base + "/shown")
        return b.one("Where", [keep, shown, b.floats(base + "/zero", shape: [], [0])], base: base + "/masked_outputs")
    }

    /// GatherElements of `x` along time with `index` [B, T] spread over x's other axes.
    private func gather(_ b: inout ONNXGraphBuilder, _ x: String, _ index: String, rank: Int, base: String) -> String {
        let spread = b.one("Expand", [b.unsqueeze(index, axes: Array(2..<rank), base: base + "/index"), b.one("Shape", [x], base: base + "/shape")],
                           base: base + "/index")
        return b.one("GatherElements", [x, spread], base: base, [ONNXGraphBuilder.attribute("axis", int: 1)])
    }
}
