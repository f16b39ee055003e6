import XCTest
@testable import ZooCore

/// A recurrent layer fed by an Embedding projects the table instead of every step's vector
/// (`Recurrence` with an `EmbeddingLookup`). Its outputs and gradients must equal those of the
/// same layer fed the same vectors as a plain input (the path the float64 reference checks),
/// with the input's gradient summed into the table rows by token.
final class EmbeddingLookupTests: XCTestCase {
    /// [4, 6] ids over a vocabulary of 7: 24 rows ≥ 2·7, so the table path is taken. Row 1 has
    /// leading zeros, row 2 a hole, row 3 trailing zeros (padding under mask_zero).
    let ids = Tensor(shape: [4, 6], scalars: [3, 1, 4, 1, 5, 6, 0, 0, 2, 6, 5, 3, 5, 0, 3, 5, 6, 1, 2, 2, 4, 0, 0, 0])
    let vocabulary = 7, features = 5

    struct Result {
        var outputs: [Tensor]
        /// Gradients of the recurrent layer's weights, then of the embedding table.
        var gradients: [Tensor]
    }

    /// Embedding → `className` with `options`, weights from one seed; `plain` feeds the
    /// recurrent layer a copy of the embedding's output instead of the output itself.
    func run(_ className: String, _ options: [(String, JSONValue)], maskZero: Bool, plain: Bool, inference: Bool = false) throws -> Result {
        let embedding = try TestData.layer("Embedding", ["name": "e", "input_dim": .number(Double(vocabulary)),
                                                         "output_dim": .number(Double(features)), "mask_zero": .bool(maskZero)])
        let config = options.reduce(["name": "rnn", "units": 3] as JSONValue) { $0.setting($1.0, $1.1) }
        let layer = try TestData.layer(className, config)
        var rng = SeededGenerator(seed: 11)
        try TestData.buildWithMovedWeights(embedding, inputs: [ids], rng: &rng)
        try TestData.buildWithMovedWeights(layer, inputs: [Tensor(shape: ids.shape + [features])], rng: &rng)
        let forward = {
            let embedded = try embedding.call([Variable(self.ids)], masks: [nil], context: CallContext())
            let x = plain ? Variable(embedded.outputs[0].value, requiresGrad: !inference) : embedded.outputs[0]
            return (x, try layer.call([x], masks: embedded.masks, context: CallContext()))
        }
        if inference {
            let outputs = try GradientMode.withoutGradients { try forward().1.outputs.map(\.value) }
            return Result(outputs: outputs, gradients: [])
        }
        let (x, out) = try forward()
        var rngR = SeededGenerator(seed: 3)
        let r = out.outputs.map { o in Tensor(shape: o.shape, scalars: (0..<o.value.count).map { _ in rngR.nextNormal() }) }
        ElementwiseOps.sum(zip(out.outputs, r).map { ElementwiseOps.dot($0, constant: $1) }).backward()
        var tableGradient = embedding.weights[0].variable.grad ?? Tensor(shape: [vocabulary, features])
        if plain, let dx = x.grad {
            for (row, id) in ids.scalars.enumerated() {
                for j in 0..<features { tableGradient.scalars[Int(id) * features + j] += dx.scalars[row * features + j] }
            }
        }
        let weightGradients = layer.weights.map { $0.variable.grad ?? Tensor(shape: $0.value.shape) }
        return Result(outputs: out.outputs.map(\.value), gradients: weightGradients + [tableGradient])
    }

    func assertSame(_ className: String, _ options: [(String, JSONValue)], maskZero: Bool,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let what = "\(className) \(options) mask_zero \(maskZero)"
        let table = try run(className, options, maskZero: maskZero, plain: false)
        let plain = try run(className, options, maskZero: maskZero, plain: true)
        let tableInference = try run(className, options, maskZero: maskZero, plain: false, inference: true)
        XCTAssertEqual(table.gradients.count, plain.gradients.count, what, file: file, line: line)
        let pairs = zip(table.outputs, plain.outputs).map { ("output", $0, $1) }
            + zip(tableInference.outputs, plain.outputs).map { ("inference output", $0, $1) }
            + zip(table.gradients, plain.gradients).enumerated().map { ("gradient \($0)", $1.0, $1.1) }
        for (label, got, expected) in pairs {
            XCTAssertEqual(got.shape, expected.shape, "\(what) \(label)", file: file, line: line)
            let worst = zip(got.scalars, expected.scalars).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(what) \(label)", file: file, line: line)
        }
        XCTAssertTrue(table.gradients.last!.scalars.contains { $0 != 0 }, "\(what): the table got a gradient", file: file, line: line)
    }

    func checkAll() throws {
        let variants: [(String, [(String, JSONValue)])] = [
            ("LSTM", [("return_sequences", true), ("return_state", true)]),
            ("LSTM", [("units", 21), ("go_backwards", true), ("return_sequences", true)]),
            ("LSTM", [("use_bias", false)]),
            ("GRU", [("reset_after", true), ("return_sequences", true), ("return_state", true)]),
            ("GRU", [("reset_after", false), ("units", 21), ("return_sequences", true)]),
            ("SimpleRNN", [("go_backwards", true), ("return_state", true)]),
            ("SimpleRNN", [("units", 21), ("activation", "relu"), ("return_sequences", true)]),
        ]
        for (className, options) in variants {
            for maskZero in [false, true] {
                try assertSame(className, options, maskZero: maskZero)
            }
        }
    }

    func testTablePathEqualsPlainInput() throws {
        try checkAll()
    }

    func testTablePathEqualsPlainInputOnUnitSlices() throws {
        try ReferenceGradientTests.onUnitSlices { try checkAll() }
    }

    /// Bidirectional runs both directions from the same table.
    func testBidirectional() throws {
        for mode in ["concat", "sum"] {
            let options: [(String, JSONValue)] = [("merge_mode", .string(mode)),
                                                  ("layer", ["class_name": "LSTM", "config": ["name": "l", "units": 4, "return_sequences": true]])]
            try assertSame("Bidirectional", options, maskZero: true)
        }
    }
}
