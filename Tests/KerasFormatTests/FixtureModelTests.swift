import Foundation
import HDF5
import KerasFormat
import XCTest
import ZooCore

/// Every public fixture model in all six layouts, loaded by content, predicts what Keras
/// predicted (io.json for Keras 3 files, keras2.io.json for Keras 2 files) within 1e-5.
final class FixtureModelTests: XCTestCase {
    func testAllModelsInAllLayoutsMatchKeras() throws {
        var worst: Float = 0
        var checked = 0
        for name in KerasFixtures.models {
            for (suffix, expectedLayout) in KerasFixtures.layouts {
                let url = KerasFixtures.file(name + suffix)
                let keras2 = suffix.hasPrefix(".keras2")
                let loaded: KerasModelFile
                do {
                    loaded = try KerasModelFile.load(url, architecture: { _ in
                        try KerasModelFile.load(KerasFixtures.file(name + (keras2 ? ".keras2.keras" : ".keras"))).model
                    })
                } catch {
                    XCTFail("\(name)\(suffix): \(error)")
                    continue
                }
                XCTAssertEqual(loaded.layout, expectedLayout, "\(name)\(suffix)")
                let io = try TensorIOFile(contentsOf: KerasFixtures.file(name + (keras2 ? ".keras2.io.json" : ".io.json")))
                let got = try loaded.model.predict(io.inputs)
                let expected = try XCTUnwrap(io.outputs)
                XCTAssertEqual(got.count, expected.count)
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(g.shape, e.shape, "\(name)\(suffix)")
                    guard g.shape == e.shape else { continue }
                    let err = g.maxAbsDifference(e)
                    worst = max(worst, err)
                    XCTAssertLessThanOrEqual(err, 1e-5, "\(name)\(suffix)")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 42)
        print("fixture files checked: \(checked), worst max abs error \(worst)")
    }
}
