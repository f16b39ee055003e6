/// A Keras metric averaged over every position of an epoch.
///
/// `accuracy` resolves as Keras's `"accuracy"` string does, by the loss: sparse labels compare
/// the arg-max with the class id, one-hot targets compare arg-maxes, binary targets compare
/// the prediction thresholded at 0.5 (at 0 for logits).
public enum Metric: String, CaseIterable, Sendable {
    case accuracy
    case meanAbsoluteError = "mae"

    public init(kerasName: String) throws {
        switch kerasName {
        case "accuracy", "acc": self = .accuracy
        case "mae", "mean_absolute_error": self = .meanAbsoluteError
        default: throw ZooError("unknown metric '\(kerasName)' (known: accuracy, mae)")
        }
    }

    /// The sum of the metric over the positions of one batch, and the number of positions.
    public func total(_ prediction: Tensor, _ target: Tensor, loss: Loss) -> (sum: Double, count: Int) {
        let c = prediction.shape.last ?? 1
        let positions = prediction.count / max(c, 1)
        let p = prediction.scalars, t = target.scalars
        switch self {
        case .meanAbsoluteError:
            var s: Double = 0
            for i in 0..<min(p.count, t.count) { s += Double(abs(p[i] - t[i])) }
            return (s / Double(c), positions)
        case .accuracy:
            var correct = 0
            switch loss {
            case .sparseCategoricalCrossentropy:
                for r in 0..<positions where Metric.argmax(p, r * c, c) == Int(t[r]) { correct += 1 }
            case .categoricalCrossentropy:
                for r in 0..<positions where Metric.argmax(p, r * c, c) == Metric.argmax(t, r * c, c) { correct += 1 }
            default:
                let threshold: Float = loss.fromLogits ? 0 : 0.5
                for i in 0..<min(p.count, t.count) where (p[i] > threshold) == (t[i] > 0.5) { correct += 1 }
                return (Double(correct), p.count)
            }
            return (Double(correct), positions)
        }
    }

    private static func argmax(_ x: [Float], _ start: Int, _ n: Int) -> Int {
        var best = 0
        for j in 1..<max(n, 1) where x[start + j] > x[start + best] { best = j }
        return best
    }
}
