/// One named weight of a layer: the Keras short name ("kernel"), its Keras 3 variable path
/// ("lstm_seq/lstm_cell/kernel") and the trainable variable holding the value.
public final class Weight {
    public let name: String
    public let path: String
    public let variable: Variable
    public var trainable: Bool

    public init(name: String, path: String, value: Tensor, trainable: Bool = true) {
        self.name = name
        self.path = path
        self.variable = Variable(value, requiresGrad: trainable)
        self.trainable = trainable
    }

    public var value: Tensor { variable.value }
    public var shape: [Int] { variable.value.shape }

    /// Replaces the value; the shape must match (the error names the weight and both shapes).
    public func assign(_ t: Tensor) throws {
        guard t.shape == shape else {
            throw ZooError("weight '\(path)': expected shape \(Shape.describe(shape)), got \(Shape.describe(t.shape))")
        }
        variable.value = t
    }
}
