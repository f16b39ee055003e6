/// One-token-at-a-time inference for a language model Embedding → recurrent layers (LSTM,
/// GRU, SimpleRNN; Dropout ignored) → Dense (or TimeDistributed(Dense)) over the vocabulary:
/// each `step` feeds one token id, carries every layer's state, and returns the logits —
/// the loop a generator samples from, without building any graph.
public final class TokenStepper {
    public let vocabularySize: Int
    let embeddings: FloatBuffer
    let embeddingWidth: Int
    let layers: [RecurrentStepping]
    let outputKernel: FloatBuffer
    let outputBias: FloatBuffer?
    let outputActivation: Activation
    /// [V] the logits of the last step.
    public let logits: FloatBuffer

    public init(model: Model) throws {
        var rest = model.layers.filter { !($0 is Dropout) }
        guard let embedding = rest.first as? Embedding, let e = embedding.weights.first else {
            throw ZooError("model '\(model.name)': generation needs Embedding → recurrent layers → Dense; the first layer is not an Embedding")
        }
        rest.removeFirst()
        var head = rest.popLast()
        if let td = head as? TimeDistributed { head = td.inner }
        guard let dense = head as? Dense, let k = dense.kernel else {
            throw ZooError("model '\(model.name)': generation needs a Dense output layer over the vocabulary")
        }
        layers = try rest.map { layer in
            guard let r = layer as? AnyRecurrentLayer else {
                throw ZooError("model '\(model.name)': \(layer.label) cannot run step by step (only LSTM, GRU, SimpleRNN between Embedding and Dense)")
            }
            return try r.stepKernel()
        }
        guard !layers.isEmpty else { throw ZooError("model '\(model.name)': no recurrent layer") }
        embeddingWidth = e.shape[1]
        embeddings = FloatBuffer(e.value.scalars)
        vocabularySize = k.shape[1]
        outputKernel = FloatBuffer(k.value.scalars)
        outputBias = dense.bias.map { FloatBuffer($0.value.scalars) }
        outputActivation = dense.activation
        logits = FloatBuffer(count: vocabularySize)
        guard e.shape[0] >= vocabularySize else {
            throw ZooError("model '\(model.name)': the Embedding has \(e.shape[0]) rows but the output layer \(vocabularySize) classes")
        }
    }

    /// Zeroes every layer's state.
    public func reset() {
        for l in layers { l.reset() }
    }

    /// Every layer's carried states (for a caller that branches or resumes a generation).
    public var states: [[[Float]]] {
        get { layers.map(\.states) }
        set { for (l, s) in zip(layers, newValue) { l.states = s } }
    }

    /// Feeds `token` and returns the logits [V] of the next token (the pre-activation of the
    /// output layer; for a softmax head, apply softmax / sample from them).
    @discardableResult
    public func step(_ token: Int) -> UnsafeMutablePointer<Float> {
        precondition(token >= 0 && token * embeddingWidth < embeddings.count, "token \(token) outside the embedding")
        var x = UnsafePointer(embeddings.pointer + token * embeddingWidth)
        for l in layers {
            l.step(x)
            x = l.output
        }
        let v = vocabularySize, hu = layers.last!.units
        if let outputBias { logits.pointer.update(from: outputBias.pointer, count: v) }
        Gemm.sgemm(transA: false, transB: false, m: 1, n: v, k: hu, alpha: 1, a: x, lda: hu,
                   b: outputKernel.pointer, ldb: v, beta: outputBias == nil ? 0 : 1, c: logits.pointer, ldc: v)
        if outputActivation != .linear && outputActivation != .softmax {
            outputActivation.apply(logits.pointer, logits.pointer, count: v, rowLength: v)
        }
        return logits.pointer
    }
}
