/// Where a layer call takes its masks from where Keras 3's call arguments cannot say it: the
/// call argument `mask_source` of a Keras 3 node, this model's own (Keras 3 has no such
/// argument). Without it a call follows Keras 3: an explicit `mask` (or MultiHeadAttention's
/// `query_mask`/`value_mask`/`key_mask`), else its inputs' own masks, except that a call given
/// `initial_state` and no `mask` runs unmasked while its outputs keep the masks the layer passes
/// on from its input's. formats/Keras writes it for the calls of Keras 2 (tf_keras) configs and
/// turns it back into each Keras dialect when writing a file.
public enum CallMaskSource: String {
    /// The call is given its positional inputs' own masks, with `initial_state` too (tf_keras
    /// masks a recurrent call given initial states with its sequence's mask).
    case inputs
    /// The call runs unmasked and its outputs carry no mask (tf_keras's `mask=None`).
    case unmasked = "none"

    /// The call argument's name.
    public static let key = "mask_source"

    /// `kwargs` with this source as its `mask_source` argument.
    public func written(into kwargs: JSONValue) -> JSONValue {
        kwargs.setting(Self.key, .string(rawValue))
    }

    /// The value of `kwargs`' `mask_source`, nil when absent; a value other than "inputs" and
    /// "none", or one given with a mask argument (`maskArguments`), is refused in one line
    /// naming `label`.
    static func read(_ kwargs: JSONValue, maskArguments: [String], label: String) throws -> CallMaskSource? {
        guard let value = kwargs[key] else { return nil }
        guard let source = value.stringValue.flatMap(CallMaskSource.init(rawValue:)) else {
            throw ZooError("\(label): call argument \(key) \(value.serialized()) is not \"\(inputs.rawValue)\" or \"\(unmasked.rawValue)\"")
        }
        if let given = maskArguments.first(where: { kwargs[$0].map { !$0.isNull } ?? false }) {
            throw ZooError("\(label): its call is given both \(key) and \(given); give one")
        }
        return source
    }
}
