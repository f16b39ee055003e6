import XCTest
@testable import ZooCore

/// Step-by-step generation reproduces the whole-sequence forward pass, for each cell kind: with
/// the embedding rows projected once or per step, on one thread or split into unit slices and
/// output chunks across threads.
final class TokenStepperTests: XCTestCase {
    func testStepsMatchTheFullForwardPass() throws {
        try checkStepsMatchTheFullForwardPass()
        let saved = TokenStepper.projectionBudget
        TokenStepper.projectionBudget = 0
        defer { TokenStepper.projectionBudget = saved }
        try checkStepsMatchTheFullForwardPass()
    }

    func testStepsOnUnitSlicesMatchTheFullForwardPass() throws {
        try ReferenceGradientTests.onUnitSlices { try checkStepsMatchTheFullForwardPass() }
    }

    /// Under mask_zero, token 0 (leading, inside, repeated) is a masked step in both paths.
    func testMaskZeroTokensAreMaskedSteps() throws {
        try checkStepsMatchTheFullForwardPass(maskZero: true, tokens: [0, 0, 4, 10, 0, 2, 0, 0, 7, 1])
    }

    private func checkStepsMatchTheFullForwardPass(maskZero: Bool = false, tokens: [Float] = [0, 4, 10, 2, 2, 7, 1]) throws {
        for cell in ["LSTM", "GRU", "SimpleRNN"] {
            var second: JSONValue = ["name": "second", "units": 12, "return_sequences": true]
            if cell == "GRU" { second = second.setting("reset_after", false) }
            let model = try ModelBuilder.sequential(name: "lm", input: ModelInput(name: "ids", shape: [nil], dtype: "int32"), layers: [
                ("Embedding", ["name": "embedding", "input_dim": 11, "output_dim": 5, "mask_zero": .bool(maskZero)]),
                (cell, ["name": "first", "units": 9, "return_sequences": true]),
                ("Dropout", ["name": "dropout", "rate": 0.5]),
                (cell, second),
                ("Dense", ["name": "logits", "units": 11]),
            ], seed: 3)
            let full = try model.predict([Tensor(shape: [1, tokens.count], scalars: tokens)])[0]
            let stepper = try TokenStepper(model: model)
            for (t, token) in tokens.enumerated() {
                let logits = stepper.step(Int(token))
                for j in 0..<11 {
                    XCTAssertEqual(logits[j], full.scalars[t * 11 + j], accuracy: 2e-6, "\(cell) step \(t) logit \(j)")
                }
            }
            stepper.reset()
            XCTAssertEqual(stepper.step(Int(tokens[0]))[3], full.scalars[3], accuracy: 2e-6, "\(cell): reset starts over")
        }
    }

    func testRefusesModelsThatCannotStep() throws {
        let model = try ModelBuilder.sequential(name: "bi", input: ModelInput(name: "ids", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 11, "output_dim": 5]),
            ("Bidirectional", ["name": "bi", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 4, "return_sequences": true]]]),
            ("Dense", ["name": "logits", "units": 11]),
        ], seed: 3)
        XCTAssertThrowsError(try TokenStepper(model: model)) { error in
            XCTAssertEqual("\(error)", "model 'bi': Bidirectional 'bi' cannot run step by step (only LSTM, GRU, SimpleRNN between Embedding and Dense)")
        }
    }
}
