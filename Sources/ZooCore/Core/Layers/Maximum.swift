/// Keras Maximum: the elementwise maximum of equally shaped inputs [B, ..., F] (see `Merge`).
public final class Maximum: Merge {
    override public class var kerasClassName: String { "Maximum" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .maximum)
    }
}
