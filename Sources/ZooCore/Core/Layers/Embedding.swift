/// Keras Embedding: token ids [B, T] → vectors [B, T, output_dim]. Weight: embeddings
/// [input_dim, output_dim]. With `mask_zero`, id 0 is padding and the output mask is ids ≠ 0.
public final class Embedding: Layer {
    public static let kerasClassName = "Embedding"
    public private(set) var config: LayerConfig
    let inputDim: Int
    let outputDim: Int
    public let maskZero: Bool
    let initializer: Initializer
    public private(set) var embeddings: Weight?

    public init(config: LayerConfig) throws {
        self.config = config
        inputDim = try config.extent("input_dim")
        outputDim = try config.extent("output_dim")
        maskZero = try config.bool("mask_zero", default: false)
        initializer = Initializer(keras: config["embeddings_initializer"], fallback: .randomUniform)
    }

    public var weights: [Weight] { embeddings.map { [$0] } ?? [] }
    public var isBuilt: Bool { embeddings != nil }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        embeddings = try Weight(name: "embeddings", path: "\(name)/embeddings", shape: [inputDim, outputDim], initializer: initializer, using: &rng)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        [inputShapes[0] + [outputDim]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        try requireBuilt()
        let ids = inputs[0].value
        let table = embeddings!.variable
        var rows = [Int](repeating: 0, count: ids.count)
        for (i, v) in ids.scalars.enumerated() {
            guard v >= 0, v < Float(inputDim), v.rounded() == v else {
                throw ZooError("\(label): token id \(v) at position \(i) is outside [0, \(inputDim))")
            }
            rows[i] = Int(v)
        }
        let d = outputDim
        var y = Tensor(shape: ids.shape + [d])
        table.value.withUnsafeBufferPointer { pt in
            y.withUnsafeMutableBufferPointer { py in
                for (i, r) in rows.enumerated() { (py.baseAddress! + i * d).update(from: pt.baseAddress! + r * d, count: d) }
            }
        }
        let out = OpNode.record1("embedding", inputs: [table], output: y) { [inputDim] dy in
            var g = Tensor(shape: [inputDim, d])
            g.withUnsafeMutableBufferPointer { pg in
                dy.withUnsafeBufferPointer { pdy in
                    for (i, r) in rows.enumerated() { VectorOps.add(pdy.baseAddress! + i * d, into: pg.baseAddress! + r * d, count: d) }
                }
            }
            return [g]
        }
        out.lookup = EmbeddingLookup(table: table, rows: rows)
        var mask: Tensor?
        if maskZero {
            mask = Tensor(shape: ids.shape, scalars: ids.scalars.map { $0 != 0 ? 1 : 0 })
        }
        return LayerOutput([out], masks: [mask])
    }
}
