/// Keras Add: the elementwise sum of equally shaped inputs [B, ..., F] (see `Merge`).
public final class Add: Merge {
    override public class var kerasClassName: String { "Add" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .add)
    }
}
