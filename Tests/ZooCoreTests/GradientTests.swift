import XCTest
@testable import ZooCore

/// Every layer's backward pass against finite differences, every option included.
final class GradientTests: XCTestCase {
    let check = GradientCheck()
    /// Post-padding, pre-padding and a hole in the middle.
    let mask = TestData.mask([[1, 1, 1, 1, 0], [0, 0, 1, 1, 1], [1, 1, 0, 1, 1]])
    var x: Tensor { TestData.random([3, 5, 4], seed: 1) }

    func recurrent(_ cls: String, _ extra: [(String, JSONValue)] = []) throws -> Layer {
        var config: JSONValue = ["name": "rnn", "units": 3]
        for (k, v) in extra { config = config.setting(k, v) }
        return try TestData.layer(cls, config)
    }

    func testDense() throws {
        try check.check(try TestData.layer("Dense", ["name": "d", "units": 3, "activation": "tanh"]), inputs: [x])
        try check.check(try TestData.layer("Dense", ["name": "d", "units": 4, "activation": "softmax"]), inputs: [x])
        try check.check(try TestData.layer("Dense", ["name": "d", "units": 2, "activation": "sigmoid", "use_bias": false]),
                        inputs: [TestData.random([3, 4], seed: 2)])
    }

    func testRecurrentLayersEveryOption() throws {
        for cls in ["SimpleRNN", "LSTM", "GRU"] {
            let variants: [[(String, JSONValue)]] = [
                [],
                [("return_sequences", true)],
                [("return_sequences", true), ("return_state", true)],
                [("go_backwards", true), ("return_sequences", true)],
                [("use_bias", false)],
                [("activation", "relu")],
            ]
            for v in variants {
                try check.check(try recurrent(cls, v), inputs: [x])
                try check.check(try recurrent(cls, v), inputs: [x], masks: [mask])
            }
        }
        try check.check(try recurrent("LSTM", [("recurrent_activation", "hard_sigmoid"), ("return_sequences", true)]), inputs: [x])
        for resetAfter in [true, false] {
            try check.check(try recurrent("GRU", [("reset_after", .bool(resetAfter)), ("return_sequences", true)]), inputs: [x], masks: [mask])
            try check.check(try recurrent("GRU", [("reset_after", .bool(resetAfter)), ("go_backwards", true)]), inputs: [x], masks: [mask])
        }
    }

    func testInitialState() throws {
        let h0 = TestData.random([3, 3], seed: 5), c0 = TestData.random([3, 3], seed: 6)
        try check.check(try recurrent("LSTM", [("return_sequences", true), ("return_state", true)]), inputs: [x, h0, c0], masks: [mask, nil, nil])
        try check.check(try recurrent("GRU", [("return_state", true), ("reset_after", false)]), inputs: [x, h0])
        try check.check(try recurrent("SimpleRNN", [("go_backwards", true)]), inputs: [x, h0], masks: [mask, nil])
    }

    func testDropoutInTrainingWithFixedSeed() throws {
        for cls in ["SimpleRNN", "LSTM", "GRU"] {
            try check.check(try recurrent(cls, [("dropout", 0.3), ("recurrent_dropout", 0.4), ("return_sequences", true)]),
                            inputs: [x], masks: [mask], training: true)
        }
        try check.check(try recurrent("GRU", [("recurrent_dropout", 0.4), ("reset_after", false)]), inputs: [x], training: true)
        try check.check(try TestData.layer("Dropout", ["name": "drop", "rate": 0.5]), inputs: [x], training: true)
    }

    /// Recurrent dropout and every option with each layer's units split across threads.
    func testRecurrentLayersOnUnitSlices() throws {
        try ReferenceGradientTests.onUnitSlices {
            try testRecurrentLayersEveryOption()
            try testDropoutInTrainingWithFixedSeed()
        }
    }

    func testBidirectionalEveryMergeMode() throws {
        for mode in ["concat", "sum", "mul", "ave"] {
            for cls in ["LSTM", "GRU", "SimpleRNN"] {
                let inner: JSONValue = ["class_name": .string(cls), "config": ["name": "inner", "units": 3, "return_sequences": true]]
                let layer = try TestData.layer("Bidirectional", ["name": "bi", "layer": inner, "merge_mode": .string(mode)])
                try check.check(layer, inputs: [x], masks: [mask])
            }
        }
        let inner: JSONValue = ["class_name": "LSTM", "config": ["name": "inner", "units": 3, "return_state": true]]
        try check.check(try TestData.layer("Bidirectional", ["name": "bi", "layer": inner, "merge_mode": "concat"]), inputs: [x])
    }

    func testTimeDistributedMaskingPoolingEmbedding() throws {
        let dense: JSONValue = ["class_name": "Dense", "config": ["name": "d", "units": 2, "activation": "tanh"]]
        try check.check(try TestData.layer("TimeDistributed", ["name": "td", "layer": dense]), inputs: [x])
        var xm = x
        for j in 0..<4 { xm.scalars[4 * 4 + j] = 0 }
        // Entries of the masked step sit exactly on the mask's discontinuity: not probed.
        try check.check(try TestData.layer("Masking", ["name": "m", "mask_value": 0.0]), inputs: [xm], skipInputEntries: Set(16..<20))
        try check.check(try TestData.layer("GlobalAveragePooling1D", ["name": "p"]), inputs: [x], masks: [mask])
        let ids = Tensor(shape: [2, 3], scalars: [1, 4, 4, 0, 2, 3])
        try check.check(try TestData.layer("Embedding", ["name": "e", "input_dim": 5, "output_dim": 3]), inputs: [ids], differentiable: [])
    }

    func testShapeLayersAndActivation() throws {
        try check.check(try TestData.layer("RepeatVector", ["name": "r", "n": 4]), inputs: [TestData.random([3, 4], seed: 2)])
        try check.check(try TestData.layer("Flatten", ["name": "f"]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("Flatten", ["name": "f", "data_format": "channels_first"]), inputs: [x])
        try check.check(try TestData.layer("Reshape", ["name": "r", "target_shape": [-1, 2]]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("Permute", ["name": "p", "dims": [2, 1]]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("Activation", ["name": "a", "activation": "softmax"]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("Activation", ["name": "a", "activation": "tanh"]), inputs: [x])
        for activation in ["log_softmax", "gelu", "silu", "hard_silu", "mish"] {
            try check.check(try TestData.layer("Activation", ["name": "a", "activation": .string(activation)]), inputs: [x], masks: [mask])
        }
    }

    func testNormalization() throws {
        try check.check(try TestData.layer("LayerNormalization", ["name": "ln"]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("LayerNormalization", ["name": "ln", "axis": [1, 2]]), inputs: [x])
        for training in [false, true] {
            try check.check(try TestData.layer("BatchNormalization", ["name": "bn"]), inputs: [x], masks: [mask], training: training)
            try check.check(try TestData.layer("BatchNormalization", ["name": "bn", "axis": 1, "center": false]), inputs: [x], training: training)
        }
    }

    /// In training, with the noise fixed by the call's seed.
    func testNoiseLayersInTraining() throws {
        let configs: [(String, JSONValue)] = [
            ("SpatialDropout1D", ["name": "d", "rate": 0.5]), ("GaussianNoise", ["name": "n", "stddev": 0.3]),
            ("GaussianDropout", ["name": "d", "rate": 0.4]), ("AlphaDropout", ["name": "d", "rate": 0.3]),
            ("AlphaDropout", ["name": "d", "rate": 0.3, "noise_shape": [nil, 1, nil]]),
        ]
        for (className, config) in configs {
            try check.check(try TestData.layer(className, config), inputs: [x], masks: [mask], training: true)
        }
    }

    func testConvolutionAndPoolingOverTime() throws {
        let long = TestData.random([2, 8, 3], seed: 3)
        try check.check(try TestData.layer("Conv1D", ["name": "c", "filters": 3, "kernel_size": 3, "padding": "same", "activation": "tanh"]), inputs: [long])
        try check.check(try TestData.layer("Conv1D", ["name": "c", "filters": 2, "kernel_size": 2, "strides": 2, "padding": "causal"]), inputs: [long])
        try check.check(try TestData.layer("Conv1D", ["name": "c", "filters": 2, "kernel_size": 3, "dilation_rate": 2, "use_bias": false]),
                        inputs: [x], masks: [mask])
        try check.check(try TestData.layer("MaxPooling1D", ["name": "p", "pool_size": 3, "strides": 2, "padding": "same"]), inputs: [long])
        try check.check(try TestData.layer("AveragePooling1D", ["name": "p", "pool_size": 3, "strides": 2, "padding": "same"]), inputs: [long])
        try check.check(try TestData.layer("GlobalMaxPooling1D", ["name": "p"]), inputs: [x], masks: [mask])
        try check.check(try TestData.layer("Cropping1D", ["name": "c", "cropping": [1, 2]]), inputs: [long])
        try check.check(try TestData.layer("ZeroPadding1D", ["name": "z", "padding": [2, 1]]), inputs: [x])
        try check.check(try TestData.layer("UpSampling1D", ["name": "u", "size": 3]), inputs: [x], masks: [mask])
    }

    func testAttention() throws {
        let q = TestData.random([2, 3, 4], seed: 11), v = TestData.random([2, 5, 4], seed: 12), k = TestData.random([2, 5, 4], seed: 13)
        let qm = TestData.mask([[1, 1, 0], [1, 1, 1]]), vm = TestData.mask([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]])
        for config in [["name": "att"], ["name": "att", "use_scale": true], ["name": "att", "use_scale": true, "score_mode": "concat"]] as [JSONValue] {
            try check.check(try TestData.layer("Attention", config), inputs: [q, v])
            try check.check(try TestData.layer("Attention", config), inputs: [q, v, k], masks: [qm, vm, nil])
        }
        // Causal: every query step keeps at least one value step (a fully masked row has flat
        // float32 scores, where finite differences see nothing).
        try check.check(try TestData.layer("Attention", ["name": "att", "use_causal_mask": true]), inputs: [q, v, k], masks: [qm, nil, nil])
        for useScale in [true, false] {
            let config: JSONValue = ["name": "add", "use_scale": .bool(useScale)]
            try check.check(try TestData.layer("AdditiveAttention", config), inputs: [q, v])
            try check.check(try TestData.layer("AdditiveAttention", config), inputs: [q, v, k], masks: [qm, vm, nil])
        }
    }

    /// MultiHeadAttention in training: dropout on the attention weights (a fixed draw per seed),
    /// with masks; the output differs from inference's and its gradients match finite differences.
    func testMultiHeadAttentionDropoutInTraining() throws {
        let q = TestData.random([2, 3, 4], seed: 11), v = TestData.random([2, 5, 4], seed: 12)
        let qm = TestData.mask([[1, 1, 0], [1, 1, 1]]), vm = TestData.mask([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]])
        let config: JSONValue = ["name": "mha", "num_heads": 2, "key_dim": 2, "dropout": 0.4]
        try check.check(try TestData.layer("MultiHeadAttention", config), inputs: [q, v], masks: [qm, vm], training: true)
        let layer = try TestData.layer("MultiHeadAttention", config)
        var rng = SeededGenerator(seed: 3)
        try TestData.buildWithMovedWeights(layer, inputs: [q, v], rng: &rng)
        let trained = try layer.call([Variable(q), Variable(v)], masks: [qm, vm], context: CallContext(training: true, seed: 5)).outputs[0].value
        let inferred = try layer.call([Variable(q), Variable(v)], masks: [qm, vm], context: CallContext(training: false)).outputs[0].value
        XCTAssertGreaterThan(trained.maxAbsDifference(inferred), 1e-3)
    }

    func testMergeLayers() throws {
        let b = TestData.random([3, 5, 4], seed: 21), late = TestData.random([3, 2, 4], seed: 22)
        let other = TestData.mask([[0, 1, 1, 1, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 1]])
        for className in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            try check.check(try TestData.layer(className, ["name": "merge"]), inputs: [x, b], masks: [mask, other])
        }
        try check.check(try TestData.layer("Concatenate", ["name": "cat", "axis": -2]), inputs: [x, late], masks: [mask, nil])
        try check.check(try TestData.layer("Dot", ["name": "dot", "axes": [2, 2], "normalize": true]), inputs: [x, b])
    }
}
