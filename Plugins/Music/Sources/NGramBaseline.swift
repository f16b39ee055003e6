import Foundation

/// The unigram and bigram baselines a sequence model is measured against, fitted on the
/// training pairs (token, next token) and scored on held-out pairs — the very targets the
/// model's validation loss averages over.
///
/// Unigram: add-one (Laplace) estimate over the vocabulary. Bigram: Witten–Bell interpolation
/// with that unigram, P(w | h) = (c(h, w) + T(h)·P₁(w)) / (c(h) + T(h)), T(h) the number of
/// distinct tokens seen after h; it has no parameter to tune on the held-out data.
public struct NGramBaseline: Sendable {
    let vocabularySize: Int
    /// [V] unigram probabilities.
    let unigram: [Double]
    /// [V][V] bigram counts, then per context the total and the distinct-follower count.
    let pairs: [[Int]]
    let contextTotals: [Int]
    let followers: [Int]

    /// Fits on `context[i]` → `next[i]` pairs of token ids in 0..<vocabularySize.
    public init(context: [Int], next: [Int], vocabularySize: Int) {
        self.vocabularySize = vocabularySize
        var counts = [Int](repeating: 0, count: vocabularySize)
        var pairs = [[Int]](repeating: [Int](repeating: 0, count: vocabularySize), count: vocabularySize)
        for (h, w) in zip(context, next) {
            counts[w] += 1
            pairs[h][w] += 1
        }
        let total = Double(next.count + vocabularySize)
        unigram = counts.map { Double($0 + 1) / total }
        self.pairs = pairs
        contextTotals = pairs.map { $0.reduce(0, +) }
        followers = pairs.map { $0.filter { $0 > 0 }.count }
    }

    /// Mean negative log-likelihood (nats per token) of the unigram model on the pairs.
    public func unigramNLL(next: [Int]) -> Double {
        next.reduce(0.0) { $0 - log(unigram[$1]) } / Double(max(next.count, 1))
    }

    /// Mean negative log-likelihood (nats per token) of the bigram model on the pairs.
    public func bigramNLL(context: [Int], next: [Int]) -> Double {
        var total = 0.0
        for (h, w) in zip(context, next) {
            let t = Double(followers[h]), c = Double(contextTotals[h])
            let p = t == 0 ? unigram[w] : (Double(pairs[h][w]) + t * unigram[w]) / (c + t)
            total -= log(p)
        }
        return total / Double(max(next.count, 1))
    }
}
