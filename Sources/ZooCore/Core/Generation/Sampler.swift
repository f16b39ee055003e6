/// Draws the next token from logits: temperature, then top-k and top-p (nucleus) filtering,
/// then an optional mask of allowed tokens (constrained decoding), then one draw from the
/// seeded generator. Temperature 0 takes the arg-max.
public struct Sampler {
    /// Divides the logits (0: arg-max).
    public var temperature: Float
    /// Keep only the `topK` most likely tokens (nil: all).
    public var topK: Int?
    /// Keep the most likely tokens whose probabilities sum to `topP` (nil: all).
    public var topP: Float?
    private var probabilities: [Float] = []
    private var order: [Int] = []

    /// A sampler; refuses a negative or non-finite temperature, topK < 1 and topP outside (0, 1].
    public init(temperature: Float = 1, topK: Int? = nil, topP: Float? = nil) throws {
        guard temperature >= 0, temperature.isFinite else { throw ZooError("temperature must be ≥ 0, got \(temperature)") }
        if let topK, topK < 1 { throw ZooError("top-k must be ≥ 1, got \(topK)") }
        if let topP, !(topP > 0 && topP <= 1) { throw ZooError("top-p must be in (0, 1], got \(topP)") }
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
    }

    /// The sampled token among `count` logits; `allowed(i)` false removes token i. Returns nil
    /// when no token is allowed.
    public mutating func sample(_ logits: UnsafePointer<Float>, count: Int, using rng: inout SeededGenerator,
                                allowed: ((Int) -> Bool)? = nil) -> Int? {
        if probabilities.count != count { probabilities = [Float](repeating: 0, count: count) }
        var best = -1
        var m = -Float.infinity
        for i in 0..<count where allowed?(i) ?? true {
            if logits[i] > m || best < 0 { m = logits[i]; best = i }
        }
        guard best >= 0 else { return nil }
        if temperature == 0 { return best }
        let inv = 1 / temperature
        var total: Float = 0
        probabilities.withUnsafeMutableBufferPointer { p in
            let p = p.baseAddress!
            for i in 0..<count { p[i] = (logits[i] - m) * inv }
            VectorMath.exp(p, p, count: count)
            for i in 0..<count {
                if let allowed, !allowed(i) { p[i] = 0 }
                total += p[i]
            }
        }
        if topK != nil || topP != nil { total = truncate(count: count, total: total) }
        var u = rng.nextUniform() * total
        for i in 0..<count where probabilities[i] > 0 {
            u -= probabilities[i]
            if u <= 0 { return i }
        }
        return best
    }

    /// Keeps the k most likely tokens and the smallest prefix reaching mass p; returns the new total.
    private mutating func truncate(count: Int, total: Float) -> Float {
        order = (0..<count).filter { probabilities[$0] > 0 }
        order.sort { probabilities[$0] > probabilities[$1] }
        var keep = min(order.count, topK ?? order.count)
        if let topP {
            var mass: Float = 0
            for (rank, i) in order.prefix(keep).enumerated() {
                mass += probabilities[i] / total
                if mass >= topP { keep = rank + 1; break }
            }
        }
        var kept: Float = 0
        for (rank, i) in order.enumerated() {
            if rank < keep { kept += probabilities[i] } else { probabilities[i] = 0 }
        }
        return kept
    }
}
