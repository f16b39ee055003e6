import Foundation
import ZooCore

/// ONNX as a registered format: written (never read) by `ONNXExporter`, the whole model, a
/// generator's one step (`step`) or a seq2seq model's encoder and decoder step (`decoder-step`).
public enum ONNXModelFormat {
    /// The registration: `.onnx`, written with the options `opset`, `step` and `decoder-step`.
    public static let format = ModelFormat(
        name: "ONNX", extensions: ["onnx"],
        summary: "ONNX graphs with native recurrent operators (export only)",
        write: { request in
            let options = request.options
            var opset = ONNXExporter.defaultOpset
            if let text = options.value("opset") {
                guard let number = Int(text) else { throw ZooError("--opset must be a whole number, got '\(text)'") }
                opset = number
            }
            let step = options.flag("step"), decoderStep = options.flag("decoder-step")
            if step && decoderStep { throw ZooError("--step and --decoder-step exclude each other (a generator or a seq2seq model)") }
            if decoderStep { return try ONNXExporter.writeDecoderStep(request.model, to: request.destination, opset: opset) }
            if step {
                try ONNXExporter.writeStep(request.model, to: request.destination, opset: opset)
            } else {
                try ONNXExporter.write(request.model, to: request.destination, opset: opset)
            }
            return [request.destination]
        },
        writeOptions: [
            FormatOption("opset", .value, help: "The ONNX opset (13–20, default 17)."),
            FormatOption("step", help: "A generator's one-step model: one token and each recurrent layer's states in, logits and states out."),
            FormatOption("decoder-step", help: "For seq2seq: DST.encoder.onnx and DST.decoder-step.onnx instead of DST."),
        ]
    )
}
