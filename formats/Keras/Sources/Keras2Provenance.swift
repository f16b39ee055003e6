import Foundation
import ZooCore

/// The models formats/Keras built from a Keras 2 (tf_keras) config (`KerasConfigMeanings.model`
/// with `keras2`), held weakly by identity. The core's `Model` carries no dialect: its layers'
/// and calls' options say what it computes, and this record tells the Keras 3 writers which
/// models' tf_keras options to migrate (`KerasConfigMigration`) rather than refuse, as they do for
/// a model that carries them without having been read from Keras 2 (a checkpoint of one).
final class Keras2Provenance: @unchecked Sendable {
    static let shared = Keras2Provenance()
    private let lock = NSLock()
    /// Each recorded model, by identity, behind a weak reference (nil once the model is freed,
    /// so an identifier reused by a later model does not find it).
    private var models: [ObjectIdentifier: () -> Model?] = [:]

    private init() {}

    /// Records `model` as read from a Keras 2 config (and forgets the freed ones).
    func record(_ model: Model) {
        lock.lock()
        defer { lock.unlock() }
        models = models.filter { $0.value() != nil }
        models[ObjectIdentifier(model)] = { [weak model] in model }
    }

    /// Whether `model` was recorded.
    func contains(_ model: Model) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return models[ObjectIdentifier(model)]?() === model
    }
}
