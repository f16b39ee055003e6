import HDF5
import ZooCore

/// Moves one dataset into one weight, with errors that name the file, the dataset, the layer,
/// the weight and both shapes.
enum KerasTensorIO {
    static func assign(_ dataset: HDF5Dataset, to weight: Weight, of layer: Layer) throws {
        let shape = try dataset.shape()
        guard shape == weight.shape else {
            throw ZooError("\(dataset.label): \(layer.label) weight '\(weight.name)' has shape \(Shape.describe(weight.shape)), the file \(Shape.describe(shape))")
        }
        let values = try dataset.readFloats()
        guard values.allSatisfy(\.isFinite) else {
            throw ZooError("\(dataset.label): \(layer.label) weight '\(weight.name)' holds NaN or infinite values")
        }
        try weight.assign(Tensor(shape: shape, scalars: values))
    }
}
