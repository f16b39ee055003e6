/// One-token-at-a-time inference for a language model Embedding → recurrent layers (LSTM,
/// GRU, SimpleRNN; Dropout ignored) → Dense (or TimeDistributed(Dense)) over the vocabulary:
/// each `step` feeds one token id, carries every layer's state, and returns the logits —
/// the loop a generator samples from, without building any graph. Under `mask_zero`, token 0 is
/// padding as in the whole-sequence pass: the states stay, and the logits repeat the last
/// step's (before any real token: those of a zero output, as Keras's TensorFlow backend gives).
public final class TokenStepper {
    /// Logits per step: the output layer's units.
    public let vocabularySize: Int
    let embeddings: FloatBuffer
    let embeddingWidth: Int
    let layers: [RecurrentStepping]
    let outputBias: FloatBuffer?
    let outputActivation: Activation
    /// [V] the logits of the last step.
    let logits: FloatBuffer
    /// Threads a step uses: the most slices any layer has.
    let threads: Int
    /// The output kernel's columns in chunks (multiples of 16), one per thread, packed once.
    let outputChunks: [(columns: Range<Int>, kernel: PackedMatrix)]
    /// Whether the first layer holds x·K + b of every embedding row (then a step skips it).
    let projectedEmbeddings: Bool
    /// The Embedding's mask_zero: token 0 is a masked step.
    let maskZero: Bool
    /// Whether a real (unmasked) token was fed since the last reset.
    var hasRealStep = false
    /// Floats the first layer may spend on that table (16 MB); larger vocabularies project each
    /// step's embedding row instead.
    nonisolated(unsafe) public static var projectionBudget = 1 << 22

    /// A stepper over `model`; refuses a model not of the shape above in one line.
    public init(model: Model) throws {
        var rest = model.layers.filter { !($0 is IdentityAtInference) }
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
            guard let r = layer as? StepKernelSource else {
                throw ZooError("model '\(model.name)': \(layer.label) cannot run step by step (only LSTM, GRU, SimpleRNN between Embedding and Dense)")
            }
            return try r.stepKernel()
        }
        guard !layers.isEmpty else { throw ZooError("model '\(model.name)': no recurrent layer") }
        maskZero = embedding.maskZero
        embeddingWidth = e.shape[1]
        embeddings = FloatBuffer(e.value.scalars)
        vocabularySize = k.shape[1]
        outputBias = dense.bias.map { FloatBuffer($0.value.scalars) }
        outputActivation = dense.activation
        logits = FloatBuffer(count: vocabularySize)
        guard e.shape[0] >= vocabularySize else {
            throw ZooError("model '\(model.name)': the Embedding has \(e.shape[0]) rows but the output layer \(vocabularySize) classes")
        }
        let v = vocabularySize, hu = layers.last!.units
        threads = layers.map(\.sliceCount).max()!
        let chunk = ((v + threads - 1) / threads + 15) / 16 * 16
        outputChunks = k.value.withUnsafeBufferPointer { kernel in
            stride(from: 0, to: v, by: chunk).map { j0 in
                let j1 = min(v, j0 + chunk)
                return (j0..<j1, PackedMatrix(transposed: false, k: hu, n: j1 - j0, b: kernel.baseAddress! + j0, ldb: v))
            }
        }
        projectedEmbeddings = layers[0].projectInputs(embeddings.pointer, count: e.shape[0], budget: Self.projectionBudget)
    }

    /// Zeroes every layer's state.
    public func reset() {
        for l in layers { l.reset() }
        hasRealStep = false
    }

    /// Every layer's carried states (for a caller that branches or resumes a generation).
    public var states: [[[Float]]] {
        get { layers.map(\.states) }
        set { for (l, s) in zip(layers, newValue) { l.states = s } }
    }

    /// Feeds `token` and returns the logits [V] of the next token (the pre-activation of the
    /// output layer; for a softmax head, apply softmax / sample from them). Each layer's slices
    /// and the output chunks are spread over the pool's threads, which meet between layers.
    @discardableResult
    public func step(_ token: Int) -> UnsafeMutablePointer<Float> {
        precondition(token >= 0 && token * embeddingWidth < embeddings.count, "token \(token) outside the embedding")
        if maskZero && token == 0 {
            if !hasRealStep { zeroOutputLogits() }
            return logits.pointer
        }
        hasRealStep = true
        let first: StepInput = projectedEmbeddings ? .projectedRow(token) : .vector(embeddings.pointer + token * embeddingWidth)
        Parallel.run(threads: threads) { t, n in
            for (i, layer) in layers.enumerated() {
                let input = i == 0 ? first : .vector(layers[i - 1].pendingOutput)
                for slice in stride(from: t, to: layer.sliceCount, by: n) { layer.stepSlice(slice, input: input) }
                Parallel.barrier(n)
            }
            for chunk in stride(from: t, to: outputChunks.count, by: n) { outputChunk(chunk, of: layers.last!.pendingOutput) }
        }
        for layer in layers { layer.commit() }
        applyOutputActivation()
        return logits.pointer
    }

    /// The logits of a zero output of the last layer (on this thread).
    private func zeroOutputLogits() {
        for chunk in outputChunks.indices { outputChunk(chunk, of: nil) }
        applyOutputActivation()
    }

    /// The logits of one output chunk: bias + h·K for its columns (bias alone when h is nil).
    private func outputChunk(_ chunk: Int, of h: UnsafePointer<Float>?) {
        let (columns, kernel) = outputChunks[chunk]
        let y = logits.pointer + columns.lowerBound
        if let outputBias { y.update(from: outputBias.pointer + columns.lowerBound, count: columns.count) } else { y.update(repeating: 0, count: columns.count) }
        if let h { Gemm.sgemv(x: h, b: kernel, y: y) }
    }

    private func applyOutputActivation() {
        let v = vocabularySize
        if outputActivation != .linear && outputActivation != .softmax {
            outputActivation.apply(logits.pointer, logits.pointer, count: v, rowLength: v)
        }
    }
}
