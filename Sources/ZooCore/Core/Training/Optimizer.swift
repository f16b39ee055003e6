import Foundation

/// The common part of Keras's optimizers: gradient clipping (`clipnorm` per variable,
/// `globalClipnorm` over all, or `clipvalue` element-wise — at most one, as Keras requires),
/// the iteration counter, and per-weight slot buffers (moments, velocities) keyed by the
/// weight's Keras path, so a checkpoint can save and restore them by name.
///
/// Subclasses implement `update(_:gradient:slot:)` for one weight.
open class Optimizer {
    public var learningRate: Float
    let clipnorm: Float?
    let globalClipnorm: Float?
    let clipvalue: Float?
    /// Number of `step` calls so far (Keras `iterations`).
    public internal(set) var iterations = 0
    /// Slot buffers per weight path, per slot name; each buffer has the weight's element count.
    public internal(set) var slots: [String: [String: [Float]]] = [:]

    public init(learningRate: Float, clipnorm: Float? = nil, globalClipnorm: Float? = nil, clipvalue: Float? = nil) throws {
        let set = [clipnorm, globalClipnorm, clipvalue].compactMap { $0 }
        guard set.count <= 1 else {
            throw ZooError("optimizer: only one of clipnorm, global_clipnorm, clipvalue may be set")
        }
        guard set.allSatisfy({ $0 > 0 }), learningRate >= 0, learningRate.isFinite else {
            throw ZooError("optimizer: learning rate must be ≥ 0 and clip thresholds > 0")
        }
        self.learningRate = learningRate
        self.clipnorm = clipnorm
        self.globalClipnorm = globalClipnorm
        self.clipvalue = clipvalue
    }

    /// Keras class name ("Adam").
    open var kerasClassName: String { "Optimizer" }
    /// Names of the slot buffers one weight needs ("m", "v").
    open var slotNames: [String] { [] }

    /// Keras config keys of this optimizer (for checkpoints and `.keras` metadata).
    open var config: [String: Double] {
        var c: [String: Double] = ["learning_rate": Double(learningRate)]
        if let clipnorm { c["clipnorm"] = Double(clipnorm) }
        if let globalClipnorm { c["global_clipnorm"] = Double(globalClipnorm) }
        if let clipvalue { c["clipvalue"] = Double(clipvalue) }
        return c
    }

    /// Updates one weight in place. `value`, `gradient` and every slot have `count` elements;
    /// `iterations` has already been incremented for this step.
    open func update(_ value: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, count: Int,
                     slots: inout [String: [Float]]) {
        preconditionFailure("\(type(of: self)) must override update")
    }

    /// Applies one step to every weight that has a gradient, then clears the gradients.
    public func step(_ weights: [Weight]) {
        iterations += 1
        var grads = weights.map { $0.variable.grad }
        clip(&grads)
        for (w, g) in zip(weights, grads) {
            guard let g else { continue }
            // Taken out of their owners while updated, so they are updated in place, not copied.
            var slot = slots.removeValue(forKey: w.path)
                ?? Dictionary(uniqueKeysWithValues: slotNames.map { ($0, [Float](repeating: 0, count: g.count)) })
            w.variable.grad = nil
            g.withUnsafeBufferPointer { gb in
                w.variable.value.withUnsafeMutableBufferPointer { v in
                    update(v.baseAddress!, gradient: gb.baseAddress!, count: g.count, slots: &slot)
                }
            }
            slots[w.path] = slot
        }
    }

    /// Restores the counter and slots saved by a checkpoint.
    func restore(iterations: Int, slots: [String: [String: [Float]]]) {
        self.iterations = iterations
        self.slots = slots
    }

    private func clip(_ grads: inout [Tensor?]) {
        if let clipnorm {
            for i in grads.indices where grads[i] != nil {
                let norm = Optimizer.norm(grads[i]!)
                if norm > Double(clipnorm) { scale(&grads[i]!, by: Float(Double(clipnorm) / norm)) }
            }
        } else if let globalClipnorm {
            let norm = grads.compactMap { $0 }.reduce(0) { ($0 * $0 + pow(Optimizer.norm($1), 2)).squareRoot() }
            if norm > Double(globalClipnorm) {
                for i in grads.indices where grads[i] != nil { scale(&grads[i]!, by: Float(Double(globalClipnorm) / norm)) }
            }
        } else if let clipvalue {
            for i in grads.indices where grads[i] != nil {
                grads[i]!.withUnsafeMutableBufferPointer { b in
                    for j in 0..<b.count { b[j] = min(max(b[j], -clipvalue), clipvalue) }
                }
            }
        }
    }

    private static func norm(_ t: Tensor) -> Double {
        t.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    private func scale(_ t: inout Tensor, by s: Float) {
        t.withUnsafeMutableBufferPointer { b in
            for j in 0..<b.count { b[j] *= s }
        }
    }
}
