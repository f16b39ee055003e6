import XCTest
@testable import ZooCore

/// Wrong configs and wrong shapes fail with one message naming the layer (and both shapes).
final class LayerErrorTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWrongConfigsNameTheLayer() {
        let cases: [(String, JSONValue, String)] = [
            ("LSTM", ["name": "l", "units": -4], "LSTM 'l': 'units' is -4, outside 1…16777216"),
            ("GRU", ["name": "g", "units": 3, "activation": "swishy"], "GRU 'g' activation: unsupported activation 'swishy'"),
            ("Dense", ["name": "d"], "Dense 'd'"),
            ("Dropout", ["name": "drop", "rate": 1.5], "Dropout 'drop'"),
            ("Bidirectional", ["name": "bi", "merge_mode": "max", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 2]]], "Bidirectional 'bi'"),
            ("Embedding", ["name": "e", "input_dim": 0, "output_dim": 4], "Embedding 'e'"),
            ("Dot", ["name": "dot"], "Dot 'dot': config is missing 'axes'"),
            ("Dot", ["name": "dot", "axes": [1, 2, 3]], "Dot 'dot': 'axes' must be an integer or two integers"),
            ("Concatenate", ["name": "cat", "axis": "last"], "Concatenate 'cat': 'axis' must be an integer"),
            ("Concatenate", ["name": "cat", "mask_rule": "and"], "Concatenate 'cat': 'mask_rule' must be \"any\" or \"all\", got \"and\""),
            ("Add", ["name": "add", "mask_rule": 1], "Add 'add': 'mask_rule' must be a string"),
            ("Dense", ["name": "d", "units": 2, "hard_sigmoid_alpha": -0.2], "Dense 'd': 'hard_sigmoid_alpha' must be a finite number > 0"),
            ("Dot", ["name": "dot", "axes": 1, "normalize_epsilon": 0], "Dot 'dot': 'normalize_epsilon' must be a finite number > 0"),
            ("MultiHeadAttention", ["name": "mha", "num_heads": 1, "key_dim": 2, "fully_masked_rows": "none"],
             "MultiHeadAttention 'mha': 'fully_masked_rows' must be \"uniform\" or \"zero\""),
        ]
        for (className, config, expected) in cases {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: className, json: config)) }
            XCTAssertTrue(text.hasPrefix(expected), "\(className): \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testWrongInputShapesNameTheLayerAndBothShapes() throws {
        let cases: [(String, JSONValue, [Int], [Int], String)] = [
            ("Dense", ["name": "d", "units": 2], [4, 3], [4, 5], "Dense 'd'"),
            ("LSTM", ["name": "l", "units": 2], [2, 5, 3], [2, 5, 4], "LSTM 'l'"),
            ("LSTM", ["name": "l", "units": 2], [2, 5, 3], [2, 15], "LSTM 'l'"),
            ("GRU", ["name": "g", "units": 2], [2, 5, 3], [2, 5, 1], "GRU 'g'"),
        ]
        for (className, config, built, called, expected) in cases {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            try layer.build(inputShapes: [built.map { Optional($0) }], rng: &rng)
            let text = message {
                _ = try layer.call([Variable(Tensor(shape: called))], masks: [nil], context: CallContext())
            }
            XCTAssertTrue(text.hasPrefix(expected), "\(className) \(called): \(text)")
            XCTAssertTrue(text.contains(Shape.describe(called)), "names the shape given: \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    /// Layers that cannot be honoured are refused with one line naming the layer and what to do
    /// instead.
    func testLayersThatCannotBeHonouredSayWhatToDoInstead() {
        let cases: [(JSONValue, String, String)] = [
            (["module": "keras.layers", "class_name": "Lambda", "config": ["name": "lam"]], "Lambda 'lam': a Lambda layer runs Python code, which cannot run here", "built-in layers"),
            (["module": "keras.layers", "class_name": "TextVectorization", "config": ["name": "tv"]], "TextVectorization 'tv':", "inputs must be given as token ids"),
            (["class_name": "StringLookup", "config": ["name": "lookup"]], "StringLookup 'lookup':", "integer ids"),
            (["class_name": "IntegerLookup", "config": ["name": "ids"]], "IntegerLookup 'ids':", "indices"),
            (["class_name": "Normalization", "config": ["name": "norm"]], "Normalization 'norm':", "normalize the inputs beforehand"),
            (["class_name": "Rescaling", "config": ["name": "scale"]], "Rescaling 'scale':", "x·scale + offset"),
            (["class_name": "Hashing", "config": ["name": "h"]], "Hashing 'h':", "bin ids"),
            (["module": .null, "class_name": "Scale", "config": ["name": "s"], "registered_name": "MyPkg>Scale"], "Scale 's': a custom layer class (registered as 'MyPkg>Scale')", "plugin"),
            (["module": .null, "class_name": "Plain", "config": ["name": "p"], "registered_name": "Plain"], "Plain 'p': a custom layer class", "built-in Keras layers"),
            (["class_name": "MyPkg>Scale", "config": ["name": "s"]], "MyPkg>Scale 's': a custom layer class", "plugin"),
            (["module": "my_project.layers", "class_name": "Gate", "config": ["name": "g"]], "Gate 'g': a custom layer class", "plugin"),
        ]
        for (entry, prefix, advice) in cases {
            let text = message { _ = try LayerRegistry.shared.make(entry: entry) }
            XCTAssertTrue(text.hasPrefix(prefix), text)
            XCTAssertTrue(text.contains(advice), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
        let byConfig = message { _ = try LayerRegistry.shared.make(LayerConfig(className: "TextVectorization", json: ["name": "tv"])) }
        XCTAssertTrue(byConfig.hasPrefix("TextVectorization 'tv':") && byConfig.contains("token ids"), byConfig)
    }

    func testShapeLayerConfigsAndShapesAreChecked() throws {
        let configs: [(String, JSONValue, String)] = [
            ("RepeatVector", ["name": "r", "n": 0], "RepeatVector 'r': 'n' is 0"),
            ("Reshape", ["name": "r", "target_shape": [-1, -1]], "Reshape 'r': target_shape [-1,-1] has more than one -1"),
            ("Reshape", ["name": "r", "target_shape": [0, 2]], "Reshape 'r': target_shape"),
            ("Permute", ["name": "p", "dims": [1, 3]], "Permute 'p': 'dims' must be a permutation of 1…n"),
            ("Flatten", ["name": "f", "data_format": "channels_middle"], "Flatten 'f': data_format"),
            ("Activation", ["name": "a", "activation": "glu"], "Activation 'a' activation: unsupported activation 'glu'"),
            ("Activation", ["name": "a"], "Activation 'a': 'activation' must be the name"),
        ]
        for (className, config, expected) in configs {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: className, json: config)) }
            XCTAssertTrue(text.hasPrefix(expected), "\(className): \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
        let shapes: [(String, JSONValue, [Int?], String)] = [
            ("RepeatVector", ["name": "r", "n": 2], [nil, 3, 4], "RepeatVector 'r': expected one input of shape (batch, features), got (None, 3, 4)"),
            ("Reshape", ["name": "r", "target_shape": [4, 4]], [nil, 3, 5], "Reshape 'r': cannot reshape 15 values per sample into (4, 4) (16 values)"),
            ("Reshape", ["name": "r", "target_shape": [-1, 4]], [nil, 3, 5], "Reshape 'r': cannot reshape 15 values per sample into (-1, 4)"),
            ("Permute", ["name": "p", "dims": [2, 1]], [nil, 3], "Permute 'p': expected one input of rank 3 for dims [2, 1], got (None, 3)"),
        ]
        for (className, config, shape, expected) in shapes {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            let text = message { try layer.build(inputShapes: [shape], rng: &rng) }
            XCTAssertEqual(text, expected)
        }
        let reshape = try LayerRegistry.shared.make(LayerConfig(className: "Reshape", json: ["name": "r", "target_shape": [-1, 4]]))
        let text = message { _ = try reshape.call([Variable(Tensor(shape: [2, 3, 3]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(text, "Reshape 'r': cannot reshape 9 values per sample into (-1, 4)")
    }

    /// Conv1D and the layers over time refuse configs they cannot honour and inputs too short
    /// for their windows, in one line naming the layer.
    func testConvolutionAndPoolingConfigsAndShapesAreChecked() throws {
        let configs: [(String, JSONValue, String)] = [
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "groups": 2], "Conv1D 'c': groups 2 is not supported (groups 1 only)"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "data_format": "channels_first"], "Conv1D 'c': data_format 'channels_first' is not supported (channels_last only)"),
            ("Conv1D", ["name": "c", "filters": 0, "kernel_size": 3], "Conv1D 'c': 'filters' is 0, outside 1…16777216"),
            ("Conv1D", ["name": "c", "filters": 4], "Conv1D 'c': config is missing 'kernel_size'"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": [3, 3]], "Conv1D 'c': 'kernel_size' must be an integer or a list of one, got [3,3]"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "strides": 0], "Conv1D 'c': 'strides' is 0, outside 1…16777216"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "dilation_rate": [-1]], "Conv1D 'c': 'dilation_rate' is [-1], outside 1…16777216"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "padding": "full"], "Conv1D 'c': padding must be valid, same, causal, got 'full'"),
            ("Conv1D", ["name": "c", "filters": 4, "kernel_size": 3, "activation": "glu"], "Conv1D 'c' activation: unsupported activation 'glu'"),
            ("MaxPooling1D", ["name": "p", "pool_size": 2, "padding": "causal"], "MaxPooling1D 'p': padding must be valid, same, got 'causal'"),
            ("AveragePooling1D", ["name": "p", "pool_size": 0], "AveragePooling1D 'p': 'pool_size' is 0, outside 1…16777216"),
            ("MaxPooling1D", ["name": "p", "data_format": "channels_first"], "MaxPooling1D 'p': data_format 'channels_first' is not supported (channels_last only)"),
            ("GlobalMaxPooling1D", ["name": "p", "data_format": "channels_first"], "GlobalMaxPooling1D 'p': data_format 'channels_first' is not supported (channels_last only)"),
            ("Cropping1D", ["name": "c", "cropping": [1, 2, 3]], "Cropping1D 'c': 'cropping' must be an integer or a pair, got [1,2,3]"),
            ("Cropping1D", ["name": "c", "cropping": [-1, 2]], "Cropping1D 'c': 'cropping' is [-1,2], outside 0…16777216"),
            ("ZeroPadding1D", ["name": "z", "padding": 1.5], "ZeroPadding1D 'z': 'padding' must be an integer, got 1.5"),
            ("UpSampling1D", ["name": "u", "size": 0], "UpSampling1D 'u': 'size' is 0, outside 1…16777216"),
        ]
        for (className, config, expected) in configs {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: className, json: config)) }
            XCTAssertTrue(text.hasPrefix(expected), "\(className): \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
        let shapes: [(String, JSONValue, [Int?], String)] = [
            ("Conv1D", ["name": "c", "filters": 2, "kernel_size": 3, "dilation_rate": 2], [nil, 4, 3], "Conv1D 'c': 4 time steps are fewer than the window's 5 with padding 'valid'"),
            ("Conv1D", ["name": "c", "filters": 2, "kernel_size": 3], [nil, 4], "Conv1D 'c': expected one input of shape (batch, time, channels), got (None, 4)"),
            ("Conv1D", ["name": "c", "filters": 2, "kernel_size": 3], [nil, 4, nil], "Conv1D 'c': needs a known channel axis, got (None, 4, None)"),
            ("MaxPooling1D", ["name": "p", "pool_size": 4], [nil, 3, 2], "MaxPooling1D 'p': 3 time steps are fewer than pool_size 4 with padding 'valid'"),
            ("Cropping1D", ["name": "c", "cropping": [2, 2]], [nil, 4, 2], "Cropping1D 'c': cropping (2, 2) leaves nothing of 4 time steps"),
            ("UpSampling1D", ["name": "u", "size": 1_048_576], [nil, 32, 2], "UpSampling1D 'u': 32 steps repeated 1048576 times exceed 16777216 steps"),
            ("GlobalMaxPooling1D", ["name": "p"], [nil, 3], "GlobalMaxPooling1D 'p': expected one input of shape (batch, time, channels), got (None, 3)"),
        ]
        for (className, config, shape, expected) in shapes {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            let text = message { try layer.build(inputShapes: [shape], rng: &rng) }
            XCTAssertEqual(text, expected)
        }
        let conv = try LayerRegistry.shared.make(LayerConfig(className: "Conv1D", json: ["name": "c", "filters": 2, "kernel_size": 3]))
        var rng = SeededGenerator(seed: 1)
        try conv.build(inputShapes: [[nil, nil, 3]], rng: &rng)
        let short = message { _ = try conv.call([Variable(Tensor(shape: [2, 2, 3]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(short, "Conv1D 'c': 2 time steps are fewer than the window's 3 (kernel_size 3, dilation_rate 1) with padding 'valid'")
        let wide = message { _ = try conv.call([Variable(Tensor(shape: [2, 5, 4]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(wide, "Conv1D 'c': cannot convolve input (2, 5, 4) with kernel (3, 3, 2)")
        let huge = try LayerRegistry.shared.make(LayerConfig(className: "Conv1D", json: ["name": "c", "filters": 1, "kernel_size": 65_536, "dilation_rate": 2, "padding": "same"]))
        try huge.build(inputShapes: [[nil, nil, 1]], rng: &rng)
        let taps = message { _ = try huge.call([Variable(Tensor(shape: [1, 65_536, 1]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(taps, "Conv1D 'c': the taps' products of input (1, 65536, 1) would hold 65536 × 65536 values (at most 2147483648)")
        let strided = try LayerRegistry.shared.make(LayerConfig(className: "Conv1D", json: ["name": "c", "filters": 1, "kernel_size": 65_536, "strides": 2, "padding": "same"]))
        try strided.build(inputShapes: [[nil, nil, 1]], rng: &rng)
        let windows = message { _ = try strided.call([Variable(Tensor(shape: [1, 131_072, 1]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(windows, "Conv1D 'c': the windows of input (1, 131072, 1) would hold 65536 × 65536 values (at most 2147483648)")
        let pool = try LayerRegistry.shared.make(LayerConfig(className: "MaxPooling1D", json: ["name": "p", "pool_size": 3]))
        let rank2 = message { _ = try pool.call([Variable(Tensor(shape: [2, 5]))], masks: [nil], context: CallContext()) }
        XCTAssertEqual(rank2, "MaxPooling1D 'p': expected shape (batch, time, channels), got (2, 5)")
    }

    func testNormalizationAndRegularizationConfigsAndShapesAreChecked() throws {
        let configs: [(String, JSONValue, String)] = [
            ("LayerNormalization", ["name": "ln", "axis": "last"], "LayerNormalization 'ln': 'axis' must be an integer or a non-empty list of integers"),
            ("LayerNormalization", ["name": "ln", "epsilon": -1], "LayerNormalization 'ln': 'epsilon' must be a finite number ≥ 0, got -1.0"),
            ("LayerNormalization", ["name": "ln", "rms_scaling": true], "LayerNormalization 'ln': rms_scaling=True"),
            ("BatchNormalization", ["name": "bn", "axis": [1, 2]], "BatchNormalization 'bn': 'axis' must be one axis, got [1, 2]"),
            ("BatchNormalization", ["name": "bn", "momentum": 1.5], "BatchNormalization 'bn': 'momentum' must be in [0, 1], got 1.5"),
            ("BatchNormalization", ["name": "bn", "renorm": true], "BatchNormalization 'bn': renorm=True"),
            ("LSTM", ["name": "l", "units": 2, "activation": "gelu"], "LSTM 'l': activation 'gelu' is not supported inside a recurrent cell"),
            ("GRU", ["name": "g", "units": 2, "recurrent_activation": "swish"], "GRU 'g': recurrent_activation 'silu' is not supported inside a recurrent cell"),
            ("SimpleRNN", ["name": "s", "units": 2, "activation": "log_softmax"], "SimpleRNN 's': log_softmax cannot be a recurrent activation"),
            ("SpatialDropout1D", ["name": "d", "rate": 1.0], "SpatialDropout1D 'd': 'rate' must be in [0, 1), got 1.0"),
            ("GaussianNoise", ["name": "n"], "GaussianNoise 'n': config is missing 'stddev'"),
            ("GaussianNoise", ["name": "n", "stddev": -0.5], "GaussianNoise 'n': 'stddev' must be a finite number ≥ 0, got -0.5"),
            ("GaussianDropout", ["name": "d", "rate": -0.1], "GaussianDropout 'd': 'rate' must be in [0, 1), got -0.1"),
            ("AlphaDropout", ["name": "d", "rate": 0.1, "noise_shape": [nil, 0]], "AlphaDropout 'd': 'noise_shape' [null,0] must hold extents"),
            ("AlphaDropout", ["name": "d", "rate": 0.1, "noise_shape": 3], "AlphaDropout 'd': 'noise_shape' must be a list"),
            ("ActivityRegularization", ["name": "r", "l1": -0.01], "ActivityRegularization 'r': 'l1' must be a finite number ≥ 0, got -0.01"),
        ]
        for (className, config, expected) in configs {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: className, json: config)) }
            XCTAssertTrue(text.hasPrefix(expected), "\(className): \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
        let shapes: [(String, JSONValue, [Int?], String)] = [
            ("LayerNormalization", ["name": "ln", "axis": 3], [nil, 3, 4], "LayerNormalization 'ln': axis 3 is outside the non-batch axes 1…2 (or −2…−1) of a rank-3 input"),
            ("LayerNormalization", ["name": "ln", "axis": [0]], [nil, 3, 4], "LayerNormalization 'ln': axis 0 is outside the non-batch axes 1…2 (or −2…−1) of a rank-3 input"),
            ("LayerNormalization", ["name": "ln", "axis": [1, -2]], [nil, 3, 4], "LayerNormalization 'ln': axis [1, -2] names an axis twice"),
            ("LayerNormalization", ["name": "ln", "axis": 1], [nil, nil, 4], "LayerNormalization 'ln': axis 1 of input (None, None, 4) has no known extent"),
            ("BatchNormalization", ["name": "bn", "axis": -3], [nil, 3, 4], "BatchNormalization 'bn': axis -3 is outside the non-batch axes 1…2 (or −2…−1) of a rank-3 input"),
            ("SpatialDropout1D", ["name": "d", "rate": 0.2], [nil, 4], "SpatialDropout1D 'd': expected one input of shape (batch, time, channels), got (None, 4)"),
        ]
        for (className, config, shape, expected) in shapes {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            let text = message { try layer.build(inputShapes: [shape], rng: &rng) }
            XCTAssertEqual(text, expected)
        }
        let bn = try LayerRegistry.shared.make(LayerConfig(className: "BatchNormalization", json: ["name": "bn"]))
        var rng = SeededGenerator(seed: 1)
        try bn.build(inputShapes: [[nil, 3, 4]], rng: &rng)
        XCTAssertEqual(message { _ = try bn.call([Variable(Tensor(shape: [2, 3, 5]))], masks: [nil], context: CallContext()) },
                       "BatchNormalization 'bn': input (2, 3, 5) does not fit the layer built for rank 3 with 4 channels on axis 2")
        XCTAssertEqual(message { _ = try bn.call([Variable(Tensor(shape: [2, 4]))], masks: [Tensor(shape: [2, 4])], context: CallContext()) },
                       "BatchNormalization 'bn': input (2, 4) does not fit the layer built for rank 3 with 4 channels on axis 2")
    }

    /// Every activation name of Keras 3.15's `keras.activations`: the twenty-nine the core computes
    /// make an Activation layer, every other one is refused with one line naming the layer.
    func testActivationLayerTakesTheCoreActivationsAndRefusesTheRest() throws {
        let supported = Activation.kerasNames
        XCTAssertEqual(supported.count, 29)
        let refused = ["glu", "sparsemax", "threshold"]
        for name in supported {
            XCTAssertNoThrow(try LayerRegistry.shared.make(LayerConfig(className: "Activation", json: ["name": "a", "activation": .string(name)])), name)
        }
        for name in refused {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: "Activation", json: ["name": "a", "activation": .string(name)])) }
            XCTAssertTrue(text.hasPrefix("Activation 'a' activation: unsupported activation '\(name)' (supported: linear, tanh, sigmoid, hard_sigmoid, relu, softmax, elu, selu, softplus, softsign, relu6, exponential, leaky_relu, log_softmax, gelu, silu, swish, hard_silu, hard_swish, mish, celu, hard_tanh, log_sigmoid, soft_shrink, hard_shrink, sparse_plus, sparse_sigmoid, tanh_shrink, squareplus)"), text)
        }
    }

    /// Merge layers refuse inputs that do not fit, naming the layer and the shapes, when built
    /// (from a config's shapes) and when called.
    func testMergeLayersRefuseMismatchedInputs() throws {
        let cases: [(String, JSONValue, [[Int]], String)] = [
            ("Add", ["name": "add"], [[2, 5, 3], [2, 5, 4]], "Add 'add': inputs have incompatible shapes (2, 5, 3) and (2, 5, 4)"),
            ("Maximum", ["name": "max"], [[2, 5, 3], [2, 4]], "Maximum 'max': inputs have incompatible shapes"),
            ("Average", ["name": "avg"], [[2, 3], [3, 3]], "Average 'avg': inputs have incompatible shapes"),
            ("Subtract", ["name": "sub"], [[2, 3], [2, 3], [2, 3]], "Subtract 'sub': expected 2 inputs, got 3"),
            ("Concatenate", ["name": "cat"], [[2, 5, 3], [2, 4, 3]], "Concatenate 'cat': cannot concatenate"),
            ("Concatenate", ["name": "cat", "axis": 0], [[2, 3], [2, 3]], "Concatenate 'cat': axis 0 is outside the non-batch axes"),
            ("Concatenate", ["name": "cat", "axis": 3], [[2, 5, 3], [2, 5, 3]], "Concatenate 'cat': axis 3 is outside the non-batch axes"),
            ("Dot", ["name": "dot", "axes": 2], [[2, 5, 3], [2, 5, 4]], "Dot 'dot': cannot take the dot product"),
            ("Dot", ["name": "dot", "axes": 0], [[2, 3], [2, 3]], "Dot 'dot': axes (0, 0) do not name non-batch axes"),
            ("Dot", ["name": "dot", "axes": 1], [[2, 3]], "Dot 'dot': expected 2 inputs, got 1"),
        ]
        for (className, config, shapes, expected) in cases {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            let built = message { try layer.build(inputShapes: shapes.map { $0.map { Optional($0) } }, rng: &rng) }
            let called = message {
                _ = try layer.call(shapes.map { Variable(Tensor(shape: $0)) }, masks: shapes.map { _ in nil }, context: CallContext())
            }
            for text in [built, called] {
                XCTAssertTrue(text.hasPrefix(expected), "\(className) \(shapes): \(text)")
                XCTAssertFalse(text.contains("\n"), text)
            }
        }
        let mask = message {
            _ = try LayerRegistry.shared.make(LayerConfig(className: "Multiply", json: ["name": "mul"]))
                .call([Variable(Tensor(shape: [2, 5, 3])), Variable(Tensor(shape: [2, 5, 3]))], masks: [Tensor(shape: [2, 4]), nil], context: CallContext())
        }
        XCTAssertEqual(mask, "Multiply 'mul': mask (2, 4) does not fit input (2, 5, 3)")
        let broadcastMasked = message {
            _ = try LayerRegistry.shared.make(LayerConfig(className: "Add", json: ["name": "add"]))
                .call([Variable(Tensor(shape: [2, 5, 3])), Variable(Tensor(shape: [2, 1, 3]))], masks: [Tensor(shape: [2, 5]), nil], context: CallContext())
        }
        XCTAssertEqual(broadcastMasked, "Add 'add': masked inputs must have equal shapes, got (2, 5, 3) and (2, 1, 3)")
    }
}
