/// Training examples: one tensor per model input and one target per model output, all with
/// the same number of samples along axis 0.
public struct Dataset: Sendable {
    public var inputs: [Tensor]
    public var targets: [Tensor]

    /// Checks that every tensor has the same sample count and holds only finite values.
    public init(inputs: [Tensor], targets: [Tensor], name: String = "training data") throws {
        let counts = (inputs + targets).map { $0.shape.first ?? 0 }
        guard let n = counts.first, counts.allSatisfy({ $0 == n }) else {
            throw ZooError("\(name): inputs and targets disagree on the number of samples (\(counts.map(String.init).joined(separator: ", ")))")
        }
        for (kind, tensors) in [("input", inputs), ("target", targets)] {
            for (i, t) in tensors.enumerated() {
                let per = t.count / max(n, 1)
                if let bad = t.scalars.firstIndex(where: { !$0.isFinite }) {
                    throw ZooError("\(name): \(kind) \(i) holds \(t.scalars[bad]) in sample \(bad / max(per, 1))")
                }
            }
        }
        self.inputs = inputs
        self.targets = targets
    }

    private init(unchecked inputs: [Tensor], targets: [Tensor]) {
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.first?.shape.first ?? 0 }

    /// The samples at `indices`, in that order.
    public func batch(_ indices: some Collection<Int>) -> Dataset {
        Dataset(unchecked: inputs.map { Dataset.gather($0, indices) }, targets: targets.map { Dataset.gather($0, indices) })
    }

    /// Keras's `validation_split`: the last `fraction` of the samples (before any shuffling)
    /// become the validation set.
    public func split(validationFraction fraction: Double) throws -> (train: Dataset, validation: Dataset) {
        guard fraction > 0, fraction < 1 else { throw ZooError("validation split must be in (0, 1), got \(fraction)") }
        let nVal = Int((Double(count) * fraction).rounded(.down))
        guard nVal > 0, nVal < count else {
            throw ZooError("validation split \(fraction) of \(count) samples leaves an empty set")
        }
        return (batch(0..<(count - nVal)), batch((count - nVal)..<count))
    }

    static func gather(_ t: Tensor, _ indices: some Collection<Int>) -> Tensor {
        let n = t.shape.first ?? 0
        let per = n == 0 ? 0 : t.count / n
        var out = [Float](repeating: 0, count: per * indices.count)
        t.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (r, i) in indices.enumerated() {
                    (dst.baseAddress! + r * per).update(from: src.baseAddress! + i * per, count: per)
                }
            }
        }
        return Tensor(shape: [indices.count] + t.shape.dropFirst(), scalars: out)
    }
}
