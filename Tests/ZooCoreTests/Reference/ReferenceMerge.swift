@testable import ZooCore

/// The Keras elementwise merges in Double (Add, Subtract, Multiply, Average, Maximum, Minimum),
/// transcribed from Keras 3's `merging/*.py` on masks spread over each input's last axis:
/// Multiply replaces masked values by 1 and, when every input has a mask, zeroes the positions
/// masked in all; Maximum and Minimum fold pairwise, a masked value taking the other side's.
/// The output mask is the OR of the masks when every input has one. Inputs of other shapes are
/// broadcast first (unmasked, as the core requires). With `mask_rule` "all": tf_keras's merges,
/// whose values ignore the masks and whose mask is the AND of the masks there are.
struct ReferenceMerge: ReferenceLayer {
    let className: String
    let keras2: Bool

    init(config: LayerConfig) {
        self.init(className: config.className, keras2: config["mask_rule"]?.stringValue == "all")
    }

    init(className: String, keras2: Bool) {
        self.className = className
        self.keras2 = keras2
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        if keras2 {
            // tf_keras: the values without masks, the mask the AND of the masks there are.
            let present = masks.compactMap { $0 }
            let mask = present.first.map { m in
                Tensor64(shape: m.shape, scalars: (0..<m.count).map { j in present.allSatisfy { $0.scalars[j] != 0 } ? 1 : 0 })
            }
            return ReferenceOutput(outputs: ReferenceMerge(className: className, keras2: false).forward(inputs, masks: [], weights: []).outputs,
                                   masks: [mask])
        }
        let inputs = broadcast(inputs)
        let shape = inputs[0].shape, count = inputs[0].count, f = inputs[0].rowLength
        /// A mask spread over the input's shape (true = real), or nil.
        let spread: [[Bool]?] = inputs.indices.map { i in
            guard i < masks.count, let m = masks[i] else { return nil }
            return (0..<count).map { m.scalars[$0 / f] != 0 }
        }
        let allMasked = spread.allSatisfy { $0 != nil }
        var outMask: Tensor64?
        if allMasked {
            var m = Tensor64(shape: Array(shape.dropLast()))
            for j in 0..<m.count where masks.contains(where: { $0!.scalars[j] != 0 }) { m.scalars[j] = 1 }
            outMask = m
        }
        var y = Tensor64(shape: shape)
        switch className {
        case "Add", "Average":
            for x in inputs { for e in 0..<count { y.scalars[e] += x.scalars[e] } }
            if className == "Average" { y.scalars = y.scalars.map { $0 / Double(inputs.count) } }
        case "Subtract":
            for e in 0..<count { y.scalars[e] = inputs[0].scalars[e] - inputs[1].scalars[e] }
        case "Multiply":
            for e in 0..<count {
                var p = 1.0, anyReal = false
                for (x, m) in zip(inputs, spread) {
                    let real = m?[e] ?? true
                    anyReal = anyReal || real
                    p *= real ? x.scalars[e] : 1
                }
                y.scalars[e] = allMasked && !anyReal ? 0 : p
            }
        default:
            let pick: (Double, Double) -> Double = className == "Maximum" ? { max($0, $1) } : { min($0, $1) }
            var output = inputs[0].scalars, outputMask = spread[0]
            for (x, m) in zip(inputs.dropFirst(), spread.dropFirst()) {
                var value = x.scalars
                if let m { value = (0..<count).map { m[$0] ? value[$0] : output[$0] } }
                if let om = outputMask { output = (0..<count).map { om[$0] ? output[$0] : value[$0] } }
                if let m, let om = outputMask { outputMask = (0..<count).map { m[$0] || om[$0] } } else { outputMask = nil }
                output = (0..<count).map { pick(output[$0], value[$0]) }
            }
            y.scalars = output
        }
        return ReferenceOutput(outputs: [y], masks: [outMask])
    }

    /// Keras's `_reshape_required` path: each input widened by axes of length 1 after the batch
    /// axis to the highest rank, then every axis of length 1 repeated to the others' extent.
    private func broadcast(_ inputs: [Tensor64]) -> [Tensor64] {
        let rank = inputs.map(\.shape.count).max()!
        let widened = inputs.map { x in
            Tensor64(shape: [x.shape[0]] + [Int](repeating: 1, count: rank - x.shape.count) + x.shape.dropFirst(), scalars: x.scalars)
        }
        let shape = (0..<rank).map { d in widened.map { $0.shape[d] }.max()! }
        return widened.map { x in
            Tensor64(shape: shape, scalars: (0..<shape.reduce(1, *)).map { e in
                let c = ReferenceIndex.coordinates(e, shape)
                return x.scalars[ReferenceIndex.flat(zip(c, x.shape).map { $1 == 1 ? 0 : $0 }, x.shape)]
            })
        }
    }
}
