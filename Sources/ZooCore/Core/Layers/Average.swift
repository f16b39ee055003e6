/// Keras Average: the elementwise mean of equally shaped inputs [B, ..., F] (see `Merge`).
public final class Average: Merge {
    override public class var kerasClassName: String { "Average" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .average)
    }
}
