import XCTest
@testable import ZooCore

/// Forward numerics against real Keras: every golden case (the 7 public fixture models in both
/// Keras 2 and Keras 3 semantics, plus the option cases of tools/keras_golden/make_cases.py under
/// Fixtures/keras/cases) must match within 1e-5, on every kernel path this CPU runs.
final class KerasGoldenTests: XCTestCase {
    func testEveryGoldenCaseMatchesKeras() throws {
        let cases = try GoldenCase.all()
        let optionCases = cases.filter { $0.name.hasPrefix("cases/") }.count
        XCTAssertEqual(cases.count - optionCases, 14, "public fixture cases missing under \(GoldenCase.fixturesFolder.path)")
        XCTAssertGreaterThanOrEqual(optionCases, 110, "option cases missing: run tools/keras_golden/make_cases.py")
        var worst: (error: Float, name: String) = (0, "")
        for path in Gemm.availablePaths {
            try Gemm.withPath(path) {
                for c in cases {
                    let model: Model
                    do { model = try c.model() } catch { XCTFail("\(c.name): \(error)"); continue }
                    for (i, call) in try c.calls.enumerated() {
                        if call.resetStates { model.resetStates() }
                        let got: [Tensor]
                        do { got = try model.predict(call.inputs) } catch { XCTFail("\(c.name) call \(i): \(error)"); continue }
                        XCTAssertEqual(got.count, call.outputs.count, "\(c.name): number of outputs")
                        for (k, (g, e)) in zip(got, call.outputs).enumerated() {
                            XCTAssertEqual(g.shape, e.shape, "\(c.name) call \(i) output \(k) shape")
                            guard g.shape == e.shape else { continue }
                            let err = g.maxAbsDifference(e)
                            if err >= worst.error { worst = (err, c.name) }
                            XCTAssertLessThanOrEqual(err, 1e-5, "\(c.name) call \(i) output \(k): max abs error \(err)")
                        }
                    }
                }
            }
        }
        print("golden cases: \(cases.count) (\(optionCases) option cases) on paths \(Gemm.availablePaths.map { "\($0)" }.joined(separator: ", ")), worst max abs error \(worst.error) in \(worst.name)")
    }

    /// Writing an option case's config (`kerasConfig()`) and reading it back gives the same model
    /// (a Keras 2 case's meanings are its layers' and calls' options): call options, explicit
    /// masks and their Keras operations survive.
    func testOptionCasesSurviveTheirWrittenConfig() throws {
        for c in try GoldenCase.all() where c.name.hasPrefix("cases/") {
            let model = try c.model()
            let again = try Model.fromKeras(config: try model.kerasConfig())
            for (w, v) in zip(again.weights, model.weights) { try w.assign(v.value) }
            let inputs = try XCTUnwrap(c.calls.first, c.name).inputs
            XCTAssertEqual(try again.predict(inputs).map(\.scalars), try model.predict(inputs).map(\.scalars), c.name)
        }
    }

    /// The option cases keep Keras's initial LSTM bias: ours, built from the same config, is equal
    /// (ones in the f block with unit_forget_bias, zeros without).
    func testInitialLSTMBiasMatchesKeras() throws {
        let cases = try GoldenCase.all().filter { $0.name.hasSuffix("unit_forget_bias.json") }
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            let model = try Model.fromKeras(config: c.json["config"]!)
            let recorded = c.json["weights"]?.arrayValue?.first { $0["layer"]?.stringValue == "lstm" }?["weights"]?[2]
            let bias = try GoldenCase.tensor(try XCTUnwrap(recorded, c.name))
            XCTAssertEqual(model.layer(named: "lstm")?.weights.last?.value.scalars, bias.scalars, c.name)
        }
    }

    /// The convolution and pooling cases count what Keras's count_params() gives (kernel
    /// [K, C, F] + bias [F]; the pooling, cropping, padding and upsampling layers none).
    func testConvolutionAndPoolingCasesCountKerasParameters() throws {
        let expected = [
            "average_pooling1d_default": 0, "average_pooling1d_masked_drops_mask": 144, "average_pooling1d_same": 0, "average_pooling1d_valid": 0,
            "cnn_lstm_classifier_same": 556, "cnn_lstm_classifier_valid": 652, "conv1d_causal_linear": 40, "conv1d_dilated_causal": 40,
            "conv1d_masked_drops_mask": 180, "conv1d_no_bias_strided_valid": 24, "conv1d_same_tanh": 52, "conv1d_strided_same": 52,
            "conv1d_valid_relu": 40, "cropping1d_int": 72, "cropping1d_masked_drops_mask": 144, "global_max_pooling1d": 128,
            "global_max_pooling1d_keepdims": 128, "global_max_pooling1d_masked": 48, "max_pooling1d_default": 0,
            "max_pooling1d_masked_drops_mask": 144, "max_pooling1d_same": 0, "max_pooling1d_valid": 0, "up_sampling1d_3": 72,
            "up_sampling1d_masked_drops_mask": 144, "zero_padding1d_int": 72, "zero_padding1d_masked_drops_mask": 144,
            "conv1d_dilated_same": 40, "max_pooling1d_wide_stride_same": 0, "average_pooling1d_wide_stride_same": 0,
            "time_distributed_conv1d": 400,
        ]
        let cases = try GoldenCase.all().filter { expected["\($0.name.dropFirst("cases/".count).dropLast(".json".count))"] != nil }
        XCTAssertEqual(cases.count, expected.count, "convolution and pooling cases missing: run tools/keras_golden/make_cases.py")
        for c in cases {
            XCTAssertEqual(try c.model().parameterCount, expected["\(c.name.dropFirst("cases/".count).dropLast(".json".count))"], c.name)
        }
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
