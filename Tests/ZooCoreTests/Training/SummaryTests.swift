import XCTest
@testable import ZooCore

/// `summary()` parameter counts equal Keras's `count_params()` for every public fixture model
/// (numbers read from the fixtures' `.keras` files with real Keras 3.15), in both config dialects.
final class SummaryTests: XCTestCase {
    static let keras: [String: (total: Int, layers: [String: Int])] = [
        "attention_lstm_additive": (677, ["embedding": 180, "lstm": 480, "additive_attention": 8, "avg_pool": 0, "classifier": 9]),
        "bilstm_tagger": (704, ["embedding": 180, "bilstm": 480, "tag_probs": 44]),
        "char_lm": (2400, ["char_embedding": 256, "lstm": 1600, "logits": 544]),
        "gru_classifier": (435, ["gru": 405, "classifier": 30]),
        "lstm_regressor": (1353, ["lstm_seq": 672, "lstm_last": 672, "regression_head": 9]),
        "seq2seq": (1844, ["enc_embedding": 144, "dec_embedding": 120, "enc_lstm": 680, "dec_lstm": 680, "dec_probs": 220]),
        "simple_rnn_classifier": (521, ["embedding": 320, "simple_rnn": 190, "classifier": 11]),
    ]

    func testParameterCountsEqualKeras() throws {
        var checked = 0
        for golden in try GoldenCase.all() {
            let base = golden.name.replacingOccurrences(of: ".keras2", with: "").replacingOccurrences(of: ".json", with: "")
            guard let expected = SummaryTests.keras[base] else { continue }
            let model = try golden.model()
            XCTAssertEqual(model.parameterCount, expected.total, golden.name)
            let table = try model.summary()
            XCTAssertTrue(table.contains(" Total params: \(expected.total.formatted()) ("), "\(golden.name):\n\(table)")
            for (layer, params) in expected.layers {
                XCTAssertEqual(model.layer(named: layer)?.parameterCount, params, "\(golden.name) \(layer)")
                let row = table.split(separator: "\n").first { $0.contains("│ \(layer) (") }
                XCTAssertNotNil(row, "\(golden.name): no row for \(layer)")
                XCTAssertTrue(row?.contains(" \(params.formatted()) │") ?? false, "\(golden.name): \(row ?? "")")
            }
            checked += 1
        }
        XCTAssertEqual(checked, 14)
    }

    func testTableLayout() throws {
        let model = try PresetRegistry.shared.preset("lstm-sine").makeModel(1, .null)
        XCTAssertEqual(try model.summary(), """
            Model: "lstm_sine"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━┓
            ┃ Layer (type)            ┃ Output Shape ┃ Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━┩
            │ lstm (LSTM)             │ (None, 16)   │   1,152 │
            ├─────────────────────────┼──────────────┼─────────┤
            │ regression_head (Dense) │ (None, 1)    │      17 │
            └─────────────────────────┴──────────────┴─────────┘
             Total params: 1,169 (4.57 KB)
             Trainable params: 1,169 (4.57 KB)
             Non-trainable params: 0 (0.00 B)

            """)
    }
}
