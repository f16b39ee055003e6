import HDF5

/// The six ways Keras stores a model or its weights (../shared/fixtures/KERAS_LAYOUTS.md §1),
/// told apart by content, never by file name.
public enum KerasLayout: String, Sendable, CaseIterable {
    /// Keras 3 `.keras` zip: config.json, metadata.json (keras_version 3.x), model.weights.h5.
    case keras3Archive = "Keras 3 .keras archive"
    /// tf_keras `.keras` zip: the same members, keras_version 2.x, no `name` attributes.
    case keras2Archive = "tf_keras .keras archive"
    /// Keras 3 `save_weights`: root groups `layers/` and `vars/`.
    case keras3Weights = "Keras 3 weights (.weights.h5)"
    /// Keras 3 `model.save("x.h5")`: root `keras_version` 3.x and `model_weights/`.
    case keras3LegacyModel = "Keras 3 legacy full model (.h5)"
    /// tf_keras `model.save("x.h5")`: root `keras_version` 2.x and `model_weights/`.
    case keras2Model = "Keras 2 full model (.h5)"
    /// tf_keras `save_weights("x.h5")`: root `layer_names`, one group per layer.
    case keras2Weights = "Keras 2 weights (.h5)"

    /// Whether the file carries the model's architecture (a config) besides its weights.
    public var hasConfig: Bool {
        switch self {
        case .keras3Weights, .keras2Weights: return false
        default: return true
        }
    }

    /// Recognises an HDF5 file's layout from its root, or nil when it is no Keras layout.
    static func detect(root: HDF5Group) throws -> KerasLayout? {
        if root.kind(of: "model_weights") == .group {
            let version = try root.attribute("keras_version")?.stringValue ?? ""
            return version.hasPrefix("2") || version.hasPrefix("1") ? .keras2Model : .keras3LegacyModel
        }
        if root.hasAttribute("layer_names") || root.hasAttribute("layer_names0") { return .keras2Weights }
        if root.kind(of: "layers") == .group { return .keras3Weights }
        return nil
    }
}
