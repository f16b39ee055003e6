import ZooCore

extension Model {
    /// Whether formats/Keras read this model from a Keras 2 (tf_keras) config
    /// (`KerasConfigMeanings.model` with `keras2`; `Keras2Provenance`): the Keras 3 writers
    /// migrate its tf_keras layer options. A model made from its `kerasConfig()` (a checkpoint of
    /// one) was not.
    public var readAsKeras2: Bool { Keras2Provenance.shared.contains(self) }
}
