import Foundation
@testable import ZooCore

/// The golden numbers of tools/keras_golden/training_steps.py (real Keras 3).
enum TrainingFixtures {
    static func load(_ name: String) throws -> JSONValue {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/training/\(name).json")
        return try JSONValue.parse(Data(contentsOf: url))
    }
}
