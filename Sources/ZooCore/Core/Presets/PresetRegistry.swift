/// Presets by name: the core's own, plus those plugins register.
public final class PresetRegistry: @unchecked Sendable {
    public static let shared = PresetRegistry()
    private var presets: [String: (preset: Preset, provider: String)] = [:]

    init() {
        for p in [SinePreset.make(), StockPreset.make(), SentimentPreset.make(cell: "GRU"), SentimentPreset.make(cell: "SimpleRNN"),
                  TaggerPreset.make(), ReversePreset.make(), AttentionClassifierPreset.make(), CharLSTMPreset.make()] {
            presets[p.name] = (p, "ZooCore")
        }
    }

    public func register(_ preset: Preset, provider: String) {
        presets[preset.name] = (preset, provider)
    }

    public var names: [String] { presets.keys.sorted() }

    public func provider(of name: String) -> String? { presets[name]?.provider }

    /// The preset called `name`; an unknown name lists the known ones.
    public func preset(_ name: String) throws -> Preset {
        guard let p = presets[name] else {
            throw ZooError("unknown preset '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        return p.preset
    }
}
