/// One recorded op of the autodiff graph: its inputs, the gradient slots of its outputs and a
/// backward function mapping output gradients to input gradients.
final class OpNode {
    let name: String
    let inputs: [Variable]
    private var outputGrads: [Tensor?]
    /// (output gradients, nil = zero) → input gradients (nil = none or not needed).
    private var backwardFn: (([Tensor?]) -> [Tensor?])?

    init(name: String, inputs: [Variable], outputCount: Int, backward: @escaping ([Tensor?]) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.outputGrads = Array(repeating: nil, count: outputCount)
        self.backwardFn = backward
    }

    func accumulate(_ g: Tensor, output: Int) {
        if outputGrads[output] == nil {
            outputGrads[output] = g
        } else {
            VectorOps.addInPlace(&outputGrads[output]!, g)
        }
    }

    /// Propagates to the inputs once, then frees the saved state and the gradient slots.
    func runBackward() {
        guard let fn = backwardFn, outputGrads.contains(where: { $0 != nil }) else { return }
        let inputGrads = fn(outputGrads)
        backwardFn = nil
        outputGrads = Array(repeating: nil, count: outputGrads.count)
        for (input, g) in zip(inputs, inputGrads) {
            if let g, input.requiresGrad {
                precondition(g.count == input.value.count, "\(name): gradient \(g.shape) for input \(input.shape)")
                input.accumulate(g.shape == input.value.shape ? g : g.reshaped(input.value.shape))
            }
        }
    }

    /// Nodes reachable from `root` through inputs, each after all nodes it depends on.
    static func topologicalOrder(from root: OpNode) -> [OpNode] {
        var order: [OpNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(OpNode, Int)] = [(root, 0)]
        visited.insert(ObjectIdentifier(root))
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                if let child = node.inputs[next].creator, visited.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Records an op producing `outputs` from `inputs`; returns the output Variables. When no
    /// input requires a gradient (or gradients are off) the outputs are plain constants.
    static func record(_ name: String, inputs: [Variable], outputs: [Tensor],
                       backward: @escaping ([Tensor?]) -> [Tensor?]) -> [Variable] {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else {
            return outputs.map { Variable($0) }
        }
        let node = OpNode(name: name, inputs: inputs, outputCount: outputs.count, backward: backward)
        return outputs.enumerated().map { Variable($1, creator: node, outputIndex: $0) }
    }

    /// `record` for one output.
    static func record1(_ name: String, inputs: [Variable], output: Tensor,
                        backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        record(name, inputs: inputs, outputs: [output]) { grads in
            backward(grads[0] ?? Tensor(shape: output.shape))
        }[0]
    }
}
