import CheckpointFormat
import KerasFormat
import ONNXFormat
import ZooBundleFormat
import ZooCore

/// The formats of formats/ registered in the core's `FormatRegistry`, once per process, before
/// the facade reads or writes a file. The order is the order content is sniffed in: a zoo bundle
/// is a `.keras` archive with a card, so the bundle is asked first.
enum StandardFormats {
    /// The zoo's own formats, in sniffing order.
    static let all = [CheckpointModelFormat.format, ZooBundleModelFormat.format, KerasModelFormat.format, ONNXModelFormat.format]

    /// Registers them on first use (a plugin cannot take their names or extensions: they are
    /// registered before any plugin is loaded).
    static let registered: Void = {
        for format in all {
            // The four are distinct in name and extension, so registering them cannot fail.
            try? FormatRegistry.shared.register(format, provider: "RNNZoo")
        }
    }()
}
