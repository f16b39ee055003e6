import XCTest
import ZooCore

/// Forward numerics against real Keras: every golden case (the 7 public fixture models in both
/// Keras 2 and Keras 3 semantics, plus the option cases) must match within 1e-5.
final class KerasGoldenTests: XCTestCase {
    func testEveryGoldenCaseMatchesKeras() throws {
        let cases = try GoldenCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 14, "golden cases missing under \(GoldenCase.fixturesFolder.path)")
        var worst: Float = 0
        for c in cases {
            let model: Model
            do { model = try c.model() } catch { XCTFail("\(c.name): \(error)"); continue }
            for (i, call) in try c.calls.enumerated() {
                let got: [Tensor]
                do { got = try model.predict(call.inputs) } catch { XCTFail("\(c.name) call \(i): \(error)"); continue }
                XCTAssertEqual(got.count, call.outputs.count, "\(c.name): number of outputs")
                for (k, (g, e)) in zip(got, call.outputs).enumerated() {
                    XCTAssertEqual(g.shape, e.shape, "\(c.name) call \(i) output \(k) shape")
                    guard g.shape == e.shape else { continue }
                    let err = g.maxAbsDifference(e)
                    worst = max(worst, err)
                    XCTAssertLessThanOrEqual(err, 1e-5, "\(c.name) call \(i) output \(k): max abs error \(err)")
                }
            }
        }
        print("golden cases: \(cases.count), worst max abs error \(worst)")
    }

    func testPublicFixtureParameterCounts() throws {
        // Keras summary() totals for the public fixture models.
        let expected = ["simple_rnn_classifier.json": 320 + 190 + 11, "char_lm.json": 256 + 1600 + 544,
                        "gru_classifier.json": 3 * (4 * 9 + 9 * 9 + 2 * 9) + 30]
        for c in try GoldenCase.all() {
            guard let count = expected[c.name] else { continue }
            XCTAssertEqual(try c.model().parameterCount, count, c.name)
        }
    }
}
