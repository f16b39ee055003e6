/// Keras Average: the elementwise mean of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
public final class Average: Merge {
    override public class var kerasClassName: String { "Average" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .average)
    }
}
