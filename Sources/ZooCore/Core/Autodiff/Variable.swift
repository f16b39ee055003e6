/// A tensor in the autodiff graph. A leaf created with `requiresGrad: true` (a weight, or an
/// input whose gradient a test wants) collects its gradient in `grad` after `backward()`.
/// Results of ops that depend on such leaves remember the op (`creator`) that made them.
public final class Variable {
    public var value: Tensor
    /// Accumulated gradient of the loss with respect to `value` (leaves only), same shape; nil
    /// until `backward()` reached this leaf (a layer author's gradient check reads it).
    public internal(set) var grad: Tensor?
    let requiresGrad: Bool
    let creator: OpNode?
    let outputIndex: Int
    /// Set when the value is rows of an embedding table (consumers may take the table instead).
    var lookup: EmbeddingLookup?

    /// A leaf. `requiresGrad` marks weights and differentiated inputs.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.creator = nil
        self.outputIndex = 0
    }

    init(_ value: Tensor, creator: OpNode, outputIndex: Int) {
        self.value = value
        self.requiresGrad = true
        self.creator = creator
        self.outputIndex = outputIndex
    }

    public var shape: [Int] { value.shape }

    /// Adds `g` to this variable's gradient (a leaf's `grad`, or its op's output slot).
    func accumulate(_ g: Tensor) {
        if let creator {
            creator.accumulate(g, output: outputIndex)
        } else if requiresGrad {
            if grad == nil {
                grad = g
            } else {
                VectorOps.addInPlace(&grad!, g)
            }
        }
    }

    /// Reverse-mode sweep from this scalar (or from `seed` for a non-scalar output), accumulating
    /// into every leaf that requires a gradient. Each op's backward runs once, after all of its
    /// outputs' gradients are known.
    public func backward(seed: Tensor? = nil) {
        let start = seed ?? Tensor(shape: value.shape, repeating: 1)
        precondition(start.shape == value.shape, "backward seed shape \(start.shape) for \(value.shape)")
        guard let root = creator else {
            accumulate(start)
            return
        }
        let order = OpNode.topologicalOrder(from: root)
        accumulate(start)
        for node in order.reversed() {
            node.runBackward()
        }
    }
}

/// Creating graph nodes is skipped inside `withoutGradients` (inference).
enum GradientMode {
    nonisolated(unsafe) static var enabledDepth = 0

    static var isEnabled: Bool { enabledDepth == 0 }

    /// Runs `body` without recording any op (no backward closures, no saved activations).
    static func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
        enabledDepth += 1
        defer { enabledDepth -= 1 }
        return try body()
    }
}
