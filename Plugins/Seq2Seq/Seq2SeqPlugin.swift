import ZooCore

/// Plugins/Seq2Seq: encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer).
enum Seq2SeqPlugin {
    static let manifest = PluginManifest(
        name: "Seq2Seq", version: "1.0.0",
        summary: "encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer).",
        families: ["Seq2Seq"], layers: [], presets: ["seq2seq-reverse"]
    )

    static func register() throws {
        PresetRegistry.shared.register(ReversePreset.make(), provider: manifest.name)
    }
}

@_cdecl("zoo_plugin_header")
public func zooPluginHeader() -> UnsafeRawPointer { PluginExport.header(Seq2SeqPlugin.manifest) }

@_cdecl("zoo_plugin_register")
public func zooPluginRegister() -> UnsafePointer<CChar>? { PluginExport.register(Seq2SeqPlugin.register) }
