/// The Keras layers a model file may hold that this core cannot honour, each with what to do
/// instead: Python code (Lambda, custom classes) is not in the file, and the preprocessing
/// layers map strings or statistics that belong before the model. `LayerRegistry` refuses them
/// with this one line.
enum UnsupportedKerasLayer {
    /// What to do instead, by Keras class name.
    static let advice: [String: String] = [
        "Lambda": "a Lambda layer runs Python code, which cannot run here; rebuild the model with built-in layers in its place (Reshape, Permute, RepeatVector, Activation, …), or do its computation on the inputs or outputs outside the model",
        "TextVectorization": "its string vocabulary cannot be applied here; inputs must be given as token ids: rebuild the model from the layer after TextVectorization with an int32 input of ids, and turn text into ids with the layer's vocabulary (get_vocabulary()) before predicting",
        "StringLookup": "string lookups cannot be applied here; give the inputs as the integer ids it produces (rebuild the model from the layer after it with an int32 input)",
        "IntegerLookup": "its vocabulary lookup cannot be applied here; give the inputs as the indices it produces (rebuild the model from the layer after it with an int32 input)",
        "Hashing": "hashing cannot be applied here; give the inputs as the bin ids it produces (rebuild the model from the layer after it with an int32 input)",
        "CategoryEncoding": "one-hot/multi-hot encoding cannot be applied here; give the encoded inputs (rebuild the model from the layer after it)",
        "Discretization": "bucketizing cannot be applied here; give the inputs as the bucket ids it produces (rebuild the model from the layer after it)",
        "Normalization": "its adapted statistics are not applied here; normalize the inputs beforehand ((x − mean) / sqrt(variance), from the layer's mean and variance) and rebuild the model from the layer after it",
        "Rescaling": "rescaling is not applied here; compute x·scale + offset on the inputs beforehand and rebuild the model from the layer after it",
        "Resizing": "image preprocessing is not applied here; resize the inputs beforehand and rebuild the model from the layer after it",
        "CenterCrop": "image preprocessing is not applied here; crop the inputs beforehand and rebuild the model from the layer after it",
    ]

    /// The one-line refusal for a layer entry that cannot be honoured, or nil: the classes of
    /// `advice`, and custom classes: registered as `package>Name`, with a module outside Keras,
    /// or (a `.keras` config) a null module beside a registered name. A legacy `.h5` writes
    /// every module as null and no registered name, so a custom class without a package is
    /// refused there as an unknown class.
    static func refusal(entry: JSONValue) -> String? {
        let className = entry["class_name"]?.stringValue ?? "?"
        let name = entry["config"]?["name"]?.stringValue ?? entry["name"]?.stringValue ?? className.lowercased()
        if let advice = advice[className] { return "\(className) '\(name)': \(advice)" }
        let registered = entry["registered_name"]?.stringValue
        let module = entry["module"]?.stringValue
        let custom = className.contains(">") || (registered?.contains(">") ?? false)
            || (module.map { !$0.hasPrefix("keras") } ?? false) || (entry["module"]?.isNull == true && registered != nil)
        guard custom else { return nil }
        return "\(className) '\(name)': a custom layer class (registered as '\(registered ?? className)'), whose Python code a saved model does not hold; rebuild the model with built-in Keras layers, or register a Swift layer of that class from a plugin (Plugins/README.md)"
    }
}
