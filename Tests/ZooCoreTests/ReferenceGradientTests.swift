import XCTest
@testable import ZooCore

/// Every layer's forward and backward against the float64 reference path (Tests/ZooCoreTests/
/// Reference): the float32 forward within 1e-5·(1 + |y|) of plain Double loops written from the
/// Keras semantics, and the analytic gradients within 2e-4·(1 + |g|) of central differences of
/// that Double forward, for every option (masks with pre, post and middle padding,
/// go_backwards, initial_state, return_state, both GRU reset modes, every Bidirectional merge
/// mode, attention masks).
final class ReferenceGradientTests: XCTestCase {
    let check = ReferenceCheck()
    /// Rows: post-padding, pre-padding, a hole in the middle, no padding.
    let mask = TestData.mask([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 1, 0, 1, 1], [1, 1, 1, 1, 1]])
    /// Rows: post-padding, no real step at all, a hole in the middle, pre-padding.
    let maskWithEmptyRow = TestData.mask([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 1, 0, 1, 1], [0, 0, 1, 1, 1]])
    let x = TestData.random([4, 5, 4], seed: 1)
    let h0 = TestData.random([4, 3], seed: 5)
    let c0 = TestData.random([4, 3], seed: 6)

    override func tearDown() {
        print("\(name): \(check.summary)")
        super.tearDown()
    }

    func recurrent(_ options: [(String, JSONValue)]) -> JSONValue {
        options.reduce(["name": "rnn", "units": 3]) { $0.setting($1.0, $1.1) }
    }

    /// The recurrent option grid of `className` (with `base` options), each without and with
    /// the mask.
    func checkEveryOption(_ className: String, _ base: [(String, JSONValue)] = []) throws {
        let variants: [[(String, JSONValue)]] = [
            [],
            [("return_sequences", true)],
            [("return_state", true)],
            [("return_sequences", true), ("return_state", true)],
            [("go_backwards", true)],
            [("go_backwards", true), ("return_sequences", true), ("return_state", true)],
            [("use_bias", false), ("return_sequences", true)],
        ]
        for variant in variants {
            try check.check(className, recurrent(base + variant), inputs: [x])
            try check.check(className, recurrent(base + variant), inputs: [x], masks: [mask])
        }
    }

    func testDense() throws {
        let x2 = TestData.random([3, 4], seed: 2)
        for activation in ["linear", "tanh", "sigmoid", "hard_sigmoid", "relu", "softmax"] {
            try check.check("Dense", ["name": "d", "units": 3, "activation": .string(activation)], inputs: [x2])
        }
        try check.check("Dense", ["name": "d", "units": 3, "activation": "hard_sigmoid"], inputs: [x2], keras2: true)
        try check.check("Dense", ["name": "d", "units": 2, "activation": "tanh", "use_bias": false], inputs: [x2])
        try check.check("Dense", ["name": "d", "units": 3, "activation": "softmax"], inputs: [x], masks: [mask])
        for activation in ["log_softmax", "gelu", "silu", "hard_silu", "mish", "log_sigmoid", "tanh_shrink", "squareplus", "sparse_plus"] {
            try check.check("Dense", ["name": "d", "units": 3, "activation": .string(activation)], inputs: [x], masks: [mask])
        }
    }

    func testEmbedding() throws {
        let ids = Tensor(shape: [3, 4], scalars: [1, 4, 4, 0, 2, 3, 0, 0, 0, 1, 2, 3])
        for maskZero in [false, true] {
            try check.check("Embedding", ["name": "e", "input_dim": 5, "output_dim": 3, "mask_zero": .bool(maskZero)],
                            inputs: [ids], differentiable: [])
        }
    }

    func testSimpleRNN() throws {
        try checkEveryOption("SimpleRNN")
        try check.check("SimpleRNN", recurrent([("activation", "relu"), ("return_sequences", true)]), inputs: [x], masks: [mask])
    }

    func testLSTM() throws {
        try checkEveryOption("LSTM")
        try check.check("LSTM", recurrent([("unit_forget_bias", false), ("return_sequences", true)]), inputs: [x], masks: [mask])
        for keras2 in [false, true] {
            try check.check("LSTM", recurrent([("recurrent_activation", "hard_sigmoid"), ("return_sequences", true)]),
                            inputs: [x], masks: [mask], keras2: keras2)
        }
        try check.check("LSTM", recurrent([("activation", "relu"), ("return_state", true)]), inputs: [x], masks: [mask])
    }

    /// The recurrent grids again with every layer's units split across threads (the path of
    /// large layers; here down to one unit per slice).
    func testRecurrentLayersOnUnitSlices() throws {
        try Self.onUnitSlices {
            try testSimpleRNN()
            try testLSTM()
            try testGRUBothResetModes()
            try testInitialState()
        }
    }

    /// The recurrent layers on every kernel path this CPU runs (the fused LSTM gate kernel and
    /// the vector activations have a portable C version besides the AVX2 one).
    func testRecurrentLayersOnEveryKernelPath() throws {
        for path in Gemm.availablePaths where path != Gemm.path {
            try Gemm.withPath(path) {
                try testSimpleRNN()
                try testLSTM()
                try testGRUBothResetModes()
            }
        }
    }

    /// Layers wide enough for the fused gate kernels' 8-lane bodies and their tails (21 units;
    /// 10 and 11 per slice on two threads), on every kernel path, on one thread and on slices.
    func testWideLayersOnEveryKernelPathAndSlicing() throws {
        for path in Gemm.availablePaths {
            try Gemm.withPath(path) {
                for sliced in [false, true] {
                    let run = {
                        for (className, base) in [("LSTM", [(String, JSONValue)]()), ("GRU", [("reset_after", true)]), ("SimpleRNN", [])] {
                            let config = self.recurrent(base + [("units", 21), ("return_sequences", true), ("return_state", true)])
                            try self.check.check(className, config, inputs: [self.x], masks: [self.mask])
                        }
                    }
                    if sliced { try Self.onUnitSlices(run) } else { try run() }
                }
            }
        }
    }

    /// Runs `body` with every recurrent time loop split across the threads by units.
    static func onUnitSlices(_ body: () throws -> Void) rethrows {
        let saved = Parallel.minimumRecurrentStepWork
        Parallel.minimumRecurrentStepWork = 0
        defer { Parallel.minimumRecurrentStepWork = saved }
        try body()
    }

    func testGRUBothResetModes() throws {
        for resetAfter in [true, false] {
            try checkEveryOption("GRU", [("reset_after", .bool(resetAfter))])
            try check.check("GRU", recurrent([("reset_after", .bool(resetAfter)), ("recurrent_activation", "hard_sigmoid"),
                                              ("return_sequences", true)]), inputs: [x], masks: [mask])
        }
    }

    /// Initial states with every padding kind: before a row's first real step a masked step
    /// outputs zeros (not the initial state) and the states stay the initial ones; a row with
    /// no real step keeps them to the end.
    func testInitialState() throws {
        let cases: [(String, [(String, JSONValue)], [Tensor])] = [
            ("SimpleRNN", [], [x, h0]), ("LSTM", [], [x, h0, c0]),
            ("GRU", [("reset_after", true)], [x, h0]), ("GRU", [("reset_after", false)], [x, h0]),
        ]
        for (className, base, inputs) in cases {
            let none = [Tensor?](repeating: nil, count: inputs.count - 1)
            try check.check(className, recurrent(base + [("return_state", true)]), inputs: inputs)
            try check.check(className, recurrent(base + [("return_sequences", true), ("return_state", true)]), inputs: inputs,
                            masks: [mask] + none)
            try check.check(className, recurrent(base + [("go_backwards", true), ("return_sequences", true)]), inputs: inputs,
                            masks: [mask] + none)
            try check.check(className, recurrent(base + [("return_sequences", true), ("return_state", true)]), inputs: inputs,
                            masks: [maskWithEmptyRow] + none)
            try check.check(className, recurrent(base + [("return_state", true)]), inputs: inputs, masks: [maskWithEmptyRow] + none)
        }
    }

    func testBidirectionalEveryMergeMode() throws {
        let cells: [(String, [(String, JSONValue)])] = [
            ("SimpleRNN", []), ("LSTM", []), ("GRU", [("reset_after", true)]), ("GRU", [("reset_after", false)]),
        ]
        for mode in ["concat", "sum", "mul", "ave", nil] as [String?] {
            let merge: JSONValue = mode.map { .string($0) } ?? .null
            for (className, base) in cells {
                let inner: JSONValue = ["class_name": .string(className), "config": recurrent(base + [("return_sequences", true)])]
                try check.check("Bidirectional", ["name": "bi", "layer": inner, "merge_mode": merge], inputs: [x], masks: [mask])
            }
            let sequences: JSONValue = ["class_name": "LSTM", "config": recurrent([("return_sequences", true)])]
            try check.check("Bidirectional", ["name": "bi", "layer": sequences, "merge_mode": merge], inputs: [x])
            let last: JSONValue = ["class_name": "GRU", "config": recurrent([])]
            try check.check("Bidirectional", ["name": "bi", "layer": last, "merge_mode": merge], inputs: [x], masks: [mask])
        }
    }

    /// return_state, initial states for both directions, and an explicit backward_layer (the
    /// Keras 3 config form) that differs from the forward one.
    func testBidirectionalStatesAndBackwardLayer() throws {
        let inner: JSONValue = ["class_name": "LSTM", "config": recurrent([("return_sequences", true), ("return_state", true)])]
        let h1 = TestData.random([4, 3], seed: 7), c1 = TestData.random([4, 3], seed: 8)
        try check.check("Bidirectional", ["name": "bi", "layer": inner], inputs: [x], masks: [mask])
        try check.check("Bidirectional", ["name": "bi", "layer": inner], inputs: [x, h0, c0, h1, c1], masks: [mask, nil, nil, nil, nil])
        let gru: JSONValue = ["class_name": "GRU", "config": recurrent([("return_state", true)])]
        try check.check("Bidirectional", ["name": "bi", "layer": gru, "merge_mode": "sum"], inputs: [x, h0, h1], masks: [maskWithEmptyRow, nil, nil])
        let forward: JSONValue = ["class_name": "GRU", "config": ["name": "forward_gru", "units": 3, "return_sequences": true]]
        let backward: JSONValue = ["class_name": "GRU", "config": ["name": "backward_gru", "units": 3, "return_sequences": true,
                                                                  "go_backwards": true, "reset_after": false, "activation": "relu"]]
        try check.check("Bidirectional", ["name": "bi", "layer": forward, "backward_layer": backward], inputs: [x], masks: [mask])
    }

    func testTimeDistributedDense() throws {
        for activation in ["tanh", "softmax"] {
            let dense: JSONValue = ["class_name": "Dense", "config": ["name": "d", "units": 2, "activation": .string(activation)]]
            try check.check("TimeDistributed", ["name": "td", "layer": dense], inputs: [x])
            try check.check("TimeDistributed", ["name": "td", "layer": dense], inputs: [x], masks: [mask])
        }
    }

    func testGlobalAveragePooling1D() throws {
        try check.check("GlobalAveragePooling1D", ["name": "p"], inputs: [x])
        try check.check("GlobalAveragePooling1D", ["name": "p"], inputs: [x], masks: [mask])
        try check.check("GlobalAveragePooling1D", ["name": "p", "keepdims": true], inputs: [x], masks: [mask])
    }

    func testShapeLayersAndActivation() throws {
        let x2 = TestData.random([4, 6], seed: 21), x4 = TestData.random([2, 3, 4, 2], seed: 22)
        try check.check("RepeatVector", ["name": "r", "n": 3], inputs: [x2])
        for format in ["channels_last", "channels_first"] {
            try check.check("Flatten", ["name": "f", "data_format": .string(format)], inputs: [x4])
            try check.check("Flatten", ["name": "f", "data_format": .string(format)], inputs: [x], masks: [mask])
        }
        try check.check("Flatten", ["name": "f"], inputs: [x2])
        for target in [[10, 2], [-1, 4], [2, -1, 2], [20]] {
            try check.check("Reshape", ["name": "r", "target_shape": .array(target.map { .number(Double($0)) })], inputs: [x], masks: [mask])
        }
        for dims in [[2, 1], [1, 2]] {
            try check.check("Permute", ["name": "p", "dims": .array(dims.map { .number(Double($0)) })], inputs: [x], masks: [mask])
        }
        try check.check("Permute", ["name": "p", "dims": [3, 1, 2]], inputs: [x4])
        for activation in Activation.kerasNames {
            try check.check("Activation", ["name": "a", "activation": .string(activation)], inputs: [x], masks: [mask])
            try check.check("Activation", ["name": "a", "activation": .string(activation)], inputs: [x4])
        }
        try check.check("Activation", ["name": "a", "activation": "hard_sigmoid"], inputs: [x], keras2: true)
    }

    func testLayerNormalization() throws {
        let x2 = TestData.random([3, 6], seed: 21), x4 = TestData.random([2, 3, 4, 2], seed: 22)
        let options: [[(String, JSONValue)]] = [[], [("center", false)], [("scale", false)], [("center", false), ("scale", false)], [("epsilon", 0.1)]]
        for extra in options {
            let config = extra.reduce(["name": "ln"] as JSONValue) { $0.setting($1.0, $1.1) }
            try check.check("LayerNormalization", config, inputs: [x], masks: [mask])
            try check.check("LayerNormalization", config.setting("axis", [1, 2]), inputs: [x])
        }
        for axis: JSONValue in [-1, 1, 2, [-2], [-1, 1], [1, 2]] {
            try check.check("LayerNormalization", ["name": "ln", "axis": axis], inputs: [x], masks: [mask])
        }
        for axis: JSONValue in [[2, 3], [1, 3], [-3, -1], 2, [1, 2, 3]] {
            try check.check("LayerNormalization", ["name": "ln", "axis": axis], inputs: [x4])
        }
        try check.check("LayerNormalization", ["name": "ln"], inputs: [x2])
        try check.check("LayerNormalization", ["name": "ln", "axis": 1, "epsilon": 0.001], inputs: [x2], keras2: true)
    }

    func testBatchNormalization() throws {
        let x2 = TestData.random([5, 3], seed: 21), x4 = TestData.random([2, 3, 4, 2], seed: 22)
        let options: [[(String, JSONValue)]] = [[], [("center", false)], [("scale", false)], [("center", false), ("scale", false)], [("epsilon", 0.1)]]
        for training in [false, true] {
            for extra in options {
                let config = extra.reduce(["name": "bn"] as JSONValue) { $0.setting($1.0, $1.1) }
                try check.check("BatchNormalization", config, inputs: [x], training: training)
                try check.check("BatchNormalization", config, inputs: [x], masks: [mask], training: training)
            }
            for axis: JSONValue in [1, -2, [2]] {
                try check.check("BatchNormalization", ["name": "bn", "axis": axis], inputs: [x], masks: [mask], training: training)
            }
            try check.check("BatchNormalization", ["name": "bn", "axis": 2], inputs: [x4], training: training)
            try check.check("BatchNormalization", ["name": "bn"], inputs: [x2], training: training)
        }
    }

    func testNoiseLayersAndActivityRegularizationAreIdentitiesAtInference() throws {
        let configs: [(String, JSONValue)] = [
            ("SpatialDropout1D", ["name": "d", "rate": 0.5]), ("GaussianNoise", ["name": "n", "stddev": 0.3]),
            ("GaussianDropout", ["name": "d", "rate": 0.4]), ("AlphaDropout", ["name": "d", "rate": 0.2]),
            ("AlphaDropout", ["name": "d", "rate": 0.2, "noise_shape": [nil, 1, nil]]),
            ("ActivityRegularization", ["name": "r", "l1": 0.01, "l2": 0.1]),
        ]
        for (className, config) in configs {
            try check.check(className, config, inputs: [x], masks: [mask])
        }
    }

    func testAttentionWithMasks() throws {
        let q = TestData.random([2, 3, 4], seed: 11), v = TestData.random([2, 5, 4], seed: 12), k = TestData.random([2, 5, 4], seed: 13)
        let wide = TestData.random([2, 5, 6], seed: 14)
        let qm = TestData.mask([[1, 1, 0], [1, 1, 1]]), vm = TestData.mask([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1]])
        let configs: [(String, JSONValue)] = [
            ("Attention", ["name": "att"]), ("Attention", ["name": "att", "use_scale": true]),
            ("Attention", ["name": "att", "score_mode": "concat"]), ("Attention", ["name": "att", "use_scale": true, "score_mode": "concat"]),
            ("AdditiveAttention", ["name": "add"]), ("AdditiveAttention", ["name": "add", "use_scale": false]),
        ]
        for (className, config) in configs {
            try check.check(className, config, inputs: [q, v])
            try check.check(className, config, inputs: [q, v], masks: [qm, vm])
            try check.check(className, config, inputs: [q, wide, k], masks: [qm, vm, nil])
        }
        // Causal: each query step keeps at least one value step.
        try check.check("Attention", ["name": "att", "use_causal_mask": true], inputs: [q, v, k], masks: [qm, nil, nil])
    }

    /// MultiHeadAttention: self-attention, cross-attention with a distinct key, value_dim ≠
    /// key_dim, output_shape as an int and as a tuple, use_bias=False, causal, and every mask
    /// (query, value, key, attention_mask) including query steps with no allowed value step,
    /// whose weights are uniform (dropout = 0, and tf_keras's) or zero (Keras 3's dropout > 0 path).
    func testMultiHeadAttention() throws {
        let q = TestData.random([2, 4, 3], seed: 31), v = TestData.random([2, 5, 2], seed: 32), k = TestData.random([2, 5, 4], seed: 33)
        let qm = TestData.mask([[1, 1, 0, 1], [0, 1, 1, 1]]), vm = TestData.mask([[1, 1, 1, 0, 0], [0, 1, 1, 0, 1]])
        let km = TestData.mask([[1, 0, 1, 1, 1], [1, 1, 1, 1, 0]])
        // attention_mask [2, 4, 5]: a few steps disallowed, and no step at all for batch 1, query step 1.
        var allowed = Tensor(shape: [2, 4, 5], repeating: 1)
        for i in [3, 7, 10, 11, 14, 21, 25, 26, 27, 28, 29, 38] { allowed.scalars[i] = 0 }
        let base: JSONValue = ["name": "mha", "num_heads": 2, "key_dim": 3]
        func config(_ options: [(String, JSONValue)]) -> JSONValue { options.reduce(base) { $0.setting($1.0, $1.1) } }
        try check.check("MultiHeadAttention", base, inputs: [q, q])
        try check.check("MultiHeadAttention", base, inputs: [q, q], masks: [qm, qm])
        try check.check("MultiHeadAttention", config([("value_dim", 4), ("output_shape", 5)]), inputs: [q, v, k])
        try check.check("MultiHeadAttention", config([("output_shape", [2, 3]), ("use_bias", false)]), inputs: [q, v], masks: [qm, vm])
        try check.check("MultiHeadAttention", config([("use_causal_mask", true)]), inputs: [q, q])
        try check.check("MultiHeadAttention", config([("use_causal_mask", true)]), inputs: [q, v, k], masks: [nil, vm, km])
        for dropout in [0, 0.25] as [JSONValue] {
            for keras2 in [false, true] {
                try check.check("MultiHeadAttention", config([("value_dim", 2), ("dropout", dropout)]), inputs: [q, v, k],
                                masks: [qm, vm, km, allowed], keras2: keras2)
            }
        }
    }

    /// The elementwise merges on two and three inputs: unmasked, every input masked (pre, post
    /// and middle padding against other layouts, so that both, one and none are real), only
    /// some inputs masked, and broadcast.
    func testElementwiseMerges() throws {
        let b = TestData.random([4, 5, 4], seed: 21), c = TestData.random([4, 5, 4], seed: 22)
        let other = TestData.mask([[0, 1, 1, 1, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 1], [1, 0, 1, 0, 1]])
        for className in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            let config: JSONValue = ["name": "merge"]
            try check.check(className, config, inputs: [x, b])
            try check.check(className, config, inputs: [x, b], masks: [mask, other])
            try check.check(className, config, inputs: [x, b], masks: [nil, other])
            try check.check(className, config, inputs: [x, b], masks: [mask, nil])
            guard className != "Subtract" else { continue }
            try check.check(className, config, inputs: [x, b, c], masks: [mask, other, maskWithEmptyRow])
            try check.check(className, config, inputs: [x, b, c], masks: [mask, nil, other])
            try check.check(className, config, inputs: [TestData.random([4, 3], seed: 23), TestData.random([4, 3], seed: 24)])
            // Broadcasting: [B, 1, F] against [B, T, F], and [B, F] widened to [B, 1, F].
            try check.check(className, config, inputs: [TestData.random([4, 1, 4], seed: 33), b])
            try check.check(className, config, inputs: [x, TestData.random([4, 4], seed: 34)])
            try check.check(className, config, inputs: [x, TestData.random([4, 4], seed: 34), TestData.random([4, 1, 1], seed: 35)])
        }
        try check.check("Subtract", ["name": "merge"], inputs: [TestData.random([4, 4], seed: 36), x])
        // Keras 2 (tf_keras): masks leave the values alone, the mask is their AND.
        for className in ["Multiply", "Maximum", "Add"] {
            try check.check(className, ["name": "merge"], inputs: [x, b, c], masks: [mask, other, nil], keras2: true)
        }
    }

    /// Concatenate along every non-batch axis (positive and negative), of ranks 2 and 3, with
    /// every combination of masks along the features and along time.
    func testConcatenate() throws {
        let b = TestData.random([4, 5, 2], seed: 25), late = TestData.random([4, 2, 4], seed: 26)
        let other = TestData.mask([[0, 1, 1, 1, 0], [1, 1, 0, 0, 0], [0, 0, 0, 1, 1], [1, 0, 1, 0, 1]])
        for axis in [-1, 2] {
            try check.check("Concatenate", ["name": "cat", "axis": .number(Double(axis))], inputs: [x, b])
            try check.check("Concatenate", ["name": "cat", "axis": .number(Double(axis))], inputs: [x, b], masks: [mask, other])
            try check.check("Concatenate", ["name": "cat", "axis": .number(Double(axis))], inputs: [x, b], masks: [nil, other])
        }
        for axis in [1, -2] {
            let config: JSONValue = ["name": "cat", "axis": .number(Double(axis))]
            try check.check("Concatenate", config, inputs: [x, late])
            try check.check("Concatenate", config, inputs: [x, late], masks: [mask, TestData.mask([[1, 0], [0, 1], [1, 1], [0, 0]])])
            try check.check("Concatenate", config, inputs: [x, late, x], masks: [mask, nil, maskWithEmptyRow])
        }
        try check.check("Concatenate", ["name": "cat"], inputs: [TestData.random([4, 3], seed: 27), TestData.random([4, 1], seed: 28)])
        try check.check("Concatenate", ["name": "cat"], inputs: [x, b], masks: [mask, other], keras2: true)
        try check.check("Concatenate", ["name": "cat", "axis": 1], inputs: [x, late, x], masks: [mask, nil, maskWithEmptyRow], keras2: true)
    }

    /// Dot over each kind of axis pair, negative axes, ranks 2 and 3 mixed, with and without
    /// normalize; masks are dropped.
    func testDot() throws {
        let s = TestData.random([4, 6, 4], seed: 29), t = TestData.random([4, 5, 2], seed: 30)
        let v = TestData.random([4, 4], seed: 31), w = TestData.random([4, 4], seed: 32)
        let cases: [(JSONValue, [Tensor])] = [
            (2, [x, s]), (-1, [x, s]), ([1, 1], [x, t]), ([2, 2], [x, s]), ([1, 2], [v, s]), ([2, 1], [s, v]), (1, [v, w]),
        ]
        for (axes, inputs) in cases {
            for normalize in [false, true] {
                try check.check("Dot", ["name": "dot", "axes": axes, "normalize": .bool(normalize)], inputs: inputs)
            }
        }
        try check.check("Dot", ["name": "dot", "axes": 2], inputs: [x, s], masks: [mask, nil])
        try check.check("Dot", ["name": "dot", "axes": 2, "normalize": true], inputs: [x, s], keras2: true)
    }

    /// Conv1D over every padding (valid, same, causal) with strides, dilation and both, every
    /// core activation, without bias, and with a mask (dropped); rows of 5 and 9 steps.
    func testConv1D() throws {
        let long = TestData.random([2, 9, 3], seed: 41)
        for padding in ["valid", "same", "causal"] {
            for (kernel, stride, dilation) in [(3, 1, 1), (2, 2, 1), (3, 1, 2), (1, 1, 1), (4, 3, 1)] {
                let config: JSONValue = ["name": "conv", "filters": 3, "kernel_size": [.number(Double(kernel))], "strides": .number(Double(stride)),
                                         "dilation_rate": [.number(Double(dilation))], "padding": .string(padding), "activation": "tanh"]
                try check.check("Conv1D", config, inputs: [long])
                try check.check("Conv1D", config, inputs: [x], masks: [mask])
            }
        }
        for activation in Activation.kerasNames {
            try check.check("Conv1D", ["name": "conv", "filters": 2, "kernel_size": 2, "padding": "same", "activation": .string(activation)], inputs: [x])
        }
        try check.check("Conv1D", ["name": "conv", "filters": 4, "kernel_size": 3, "use_bias": false], inputs: [x])
        // Taps' products of 2048 × 128 values (stride 1) and windows of 1024 × 288 values (stride 2):
        // summed, laid out and scattered back by batch items across the threads.
        let long1 = TestData.random([2, 1024, 1], seed: 43), wide = TestData.random([4, 512, 32], seed: 44)
        XCTAssertGreaterThanOrEqual(2 * 1024 * 16 * 8, ConvOps.parallelWindowValues)
        XCTAssertGreaterThanOrEqual(4 * 256 * 9 * 32, ConvOps.parallelWindowValues)
        try check.check("Conv1D", ["name": "conv", "filters": 8, "kernel_size": 16, "padding": "same", "activation": "tanh"], inputs: [long1])
        try check.check("Conv1D", ["name": "conv", "filters": 2, "kernel_size": 9, "strides": 2, "padding": "same", "activation": "tanh"], inputs: [wide])
        try check.check("Conv1D", ["name": "conv", "filters": 2, "kernel_size": 2, "activation": "hard_sigmoid"], inputs: [x], keras2: true)
    }

    /// MaxPooling1D and AveragePooling1D with valid and same padding, strides below, equal to
    /// and above pool_size, windows that pad on both sides; GlobalMaxPooling1D with and without
    /// keepdims and a mask (read by neither).
    func testPooling1D() throws {
        let long = TestData.random([2, 9, 3], seed: 42)
        for className in ["MaxPooling1D", "AveragePooling1D"] {
            for padding in ["valid", "same"] {
                for (pool, stride) in [(2, 2), (3, 1), (2, 3), (4, 2), (3, 2)] {
                    let config: JSONValue = ["name": "pool", "pool_size": [.number(Double(pool))], "strides": [.number(Double(stride))], "padding": .string(padding)]
                    try check.check(className, config, inputs: [long])
                    try check.check(className, config, inputs: [x], masks: [mask])
                }
            }
            try check.check(className, ["name": "pool", "pool_size": 2, "strides": .null], inputs: [long])
        }
        for keepDims in [false, true] {
            try check.check("GlobalMaxPooling1D", ["name": "p", "keepdims": .bool(keepDims)], inputs: [x])
            try check.check("GlobalMaxPooling1D", ["name": "p", "keepdims": .bool(keepDims)], inputs: [x], masks: [mask])
        }
    }

    /// Cropping1D, ZeroPadding1D (both as a pair and as one integer) and UpSampling1D, with a
    /// mask (dropped).
    func testCroppingPaddingUpSampling1D() throws {
        for cropping in [[1, 2], [0, 3], [2, 0]] as [[Double]] {
            try check.check("Cropping1D", ["name": "c", "cropping": .array(cropping.map { .number($0) })], inputs: [x], masks: [mask])
        }
        try check.check("Cropping1D", ["name": "c", "cropping": 2], inputs: [x])
        for padding in [[1, 2], [0, 3], [2, 0]] as [[Double]] {
            try check.check("ZeroPadding1D", ["name": "z", "padding": .array(padding.map { .number($0) })], inputs: [x], masks: [mask])
        }
        try check.check("ZeroPadding1D", ["name": "z", "padding": 1], inputs: [x])
        for size in [1, 2, 3] {
            try check.check("UpSampling1D", ["name": "u", "size": .number(Double(size))], inputs: [x], masks: [mask])
        }
    }
}
