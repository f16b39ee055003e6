/// One named weight of a layer: the Keras short name ("kernel"), its Keras 3 variable path
/// ("lstm_seq/lstm_cell/kernel"), its shape and the trainable variable holding the value. A weight
/// built for a file (`SeededGenerator.forFileWeights`) has its shape but no value until `assign`.
public final class Weight {
    public let name: String
    public let path: String
    var trainable: Bool
    /// How a file of another layer class stores this weight (read through it), or nil when files
    /// hold it as it is.
    public var fileForm: WeightFileForm?
    private let declaredShape: [Int]
    private var filled: Variable?

    public init(name: String, path: String, value: Tensor, trainable: Bool = true) {
        self.name = name
        self.path = path
        self.declaredShape = value.shape
        self.filled = Variable(value, requiresGrad: trainable)
        self.trainable = trainable
    }

    /// A weight of `shape` whose first value `initial` draws from `rng` — unless `rng` is
    /// `SeededGenerator.forFileWeights`: then `initial` does not run and nothing is allocated
    /// until `assign`. Throws (naming `path`) for a shape above `Shape.maxElements`.
    public init(name: String, path: String, shape: [Int], trainable: Bool = true, using rng: inout SeededGenerator,
                _ initial: (inout SeededGenerator) -> Tensor) throws {
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow, product <= Shape.maxElements else {
                throw ZooError("weight '\(path)': shape \(Shape.describe(shape)) is too large (at most \(Shape.maxElements) elements)")
            }
            count = product
        }
        self.name = name
        self.path = path
        self.declaredShape = shape
        self.trainable = trainable
        if !rng.leavesWeightsToFile { filled = Variable(initial(&rng), requiresGrad: trainable) }
    }

    /// A weight of `shape` drawn by `initializer` (see `init(name:path:shape:trainable:using:_:)`).
    public convenience init(name: String, path: String, shape: [Int], initializer: Initializer, using rng: inout SeededGenerator) throws {
        try self.init(name: name, path: path, shape: shape, using: &rng) { initializer.make(shape, using: &$0) }
    }

    /// Whether the weight holds a value (false only for a weight built for a file, before `assign`).
    var isFilled: Bool { filled != nil }

    /// The variable holding the value. A weight still unfilled gets zeros here.
    var variable: Variable {
        if let filled { return filled }
        let zeros = Variable(Tensor(shape: declaredShape), requiresGrad: trainable)
        filled = zeros
        return zeros
    }

    public var value: Tensor { variable.value }
    public var shape: [Int] { filled?.value.shape ?? declaredShape }
    /// The number of elements of `shape`.
    public var elementCount: Int { Shape.count(shape) }

    /// Replaces the value; the shape must match (the error names the weight and both shapes).
    public func assign(_ t: Tensor) throws {
        guard t.shape == shape else {
            throw ZooError("weight '\(path)': expected shape \(Shape.describe(shape)), got \(Shape.describe(t.shape))")
        }
        if let filled {
            filled.value = t
        } else {
            filled = Variable(t, requiresGrad: trainable)
        }
    }
}
