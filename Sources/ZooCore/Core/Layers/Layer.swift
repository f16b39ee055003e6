/// A Keras-compatible layer. Shapes include the batch axis and may hold nil (unknown) extents.
///
/// Adding a layer kind: implement this protocol in its own file, name the Keras class in
/// `kerasClassName`, declare each weight with its Keras name beside the property that holds it,
/// and register a factory in `LayerRegistry` (or from a plugin).
public protocol Layer: AnyObject {
    /// Keras `class_name` ("LSTM").
    static var kerasClassName: String { get }
    /// The layer's config (Keras keys), enough to rebuild it.
    var config: LayerConfig { get }
    /// Weights in Keras `get_weights()` order; empty until built.
    var weights: [Weight] { get }
    var isBuilt: Bool { get }
    /// Creates the weights for these input shapes, initialised from `rng` — or, when `rng` is
    /// `SeededGenerator.forFileWeights`, left for a file to fill (see `Weight`).
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws
    /// Output shapes for these input shapes (after `build`).
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]]
    /// Forward pass. `masks` has one entry per input (nil = no mask); masks are [B, T] of 0/1.
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput
}

extension Layer {
    public var name: String { config.name }
    public var label: String { config.label }

    /// Weights the optimizer updates.
    var trainableWeights: [Weight] { weights.filter(\.trainable) }

    /// Parameter count as Keras's `summary()` reports it.
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.elementCount } }

    /// Throws unless exactly `count` inputs arrived.
    func expectInputs(_ inputs: [Variable], _ count: ClosedRange<Int>) throws {
        guard count.contains(inputs.count) else {
            throw ZooError("\(label): expected \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)–\(count.upperBound)") input(s), got \(inputs.count)")
        }
    }

    func requireBuilt() throws {
        guard isBuilt else { throw ZooError("\(label): used before it was built") }
    }
}

/// What a layer call returns: its output tensors and the mask of each (nil = none).
public struct LayerOutput {
    public var outputs: [Variable]
    public var masks: [Tensor?]

    public init(_ outputs: [Variable], masks: [Tensor?]? = nil) {
        self.outputs = outputs
        self.masks = masks ?? Array(repeating: nil, count: outputs.count)
    }
}

/// Per-call state: training mode (dropout on), the generator that draws dropout masks and the
/// additional losses layers add (ActivityRegularization), which the Trainer adds to the loss.
public final class CallContext {
    var training: Bool
    public var rng: SeededGenerator
    /// Scalar losses added by the layers during this call, in call order.
    private(set) var losses: [Variable] = []

    public init(training: Bool = false, seed: UInt64 = 0) {
        self.training = training
        self.rng = SeededGenerator(seed: seed)
    }

    /// Adds a scalar loss (Keras `add_loss`) to this call's total.
    func addLoss(_ loss: Variable) {
        losses.append(loss)
    }

    /// A dropout multiplier tensor of `shape`: 0 with probability `rate`, else 1/(1−rate).
    func dropoutMask(_ shape: [Int], rate: Float) -> Tensor {
        var m = Tensor(shape: shape)
        let keep = 1 / (1 - rate)
        for i in 0..<m.count { m.scalars[i] = rng.nextUniform() < rate ? 0 : keep }
        return m
    }
}
