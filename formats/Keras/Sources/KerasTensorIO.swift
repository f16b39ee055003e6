import HDF5
import ZooCore

/// Moves one dataset into one weight, with errors that name the file, the dataset, the layer,
/// the weight and both shapes. The weight's shape (from the model), or its `fileForm`'s for a
/// layer read from another class, is what the dataset may hold: nothing is read or allocated for
/// a dataset of another shape.
enum KerasTensorIO {
    static func assign(_ dataset: HDF5Dataset, to weight: Weight, of layer: Layer) throws {
        let shape = try dataset.shape(), expected = weight.fileForm?.shape ?? weight.shape
        guard shape == expected else {
            let form = weight.fileForm.map { " (as \($0.source) stores it)" } ?? ""
            throw ZooError("\(dataset.label): \(layer.label) weight '\(weight.name)' has shape \(Shape.describe(expected))\(form), the file \(Shape.describe(shape))")
        }
        var values = try dataset.readFloats(expecting: expected)
        if let form = weight.fileForm { values = form.convert(values) }
        let finite = values.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count, p[i].isFinite { i += 1 }
            return i == p.count
        }
        guard finite else {
            throw ZooError("\(dataset.label): \(layer.label) weight '\(weight.name)' holds NaN or infinite values")
        }
        try weight.assign(Tensor(shape: weight.shape, scalars: values))
    }

    /// Throws, naming `group`, when a weight of `model` (built for the file: without a value of
    /// its own) got none from it.
    static func requireFilled(_ model: Model, from group: HDF5Group) throws {
        if let weight = model.firstUnfilledWeight { throw ZooError("\(group.label): no value for weight '\(weight.path)'") }
    }
}
