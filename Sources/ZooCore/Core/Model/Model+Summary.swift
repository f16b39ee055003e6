import Foundation

/// Keras's `model.summary()` table: layer (type), output shape, parameter count and, for a
/// Functional model, the tensors each call is connected to; then the totals with their size
/// in float32 bytes.
extension Model {
    public func summary() throws -> String {
        let shapes = try outputShapes()
        var rows: [[String]] = []
        if !isSequential {
            for input in inputs {
                rows.append(["\(input.name) (InputLayer)", Model.describe(input.shape), "0", "-"])
            }
        }
        for node in nodes {
            let layer = layers[node.layer]
            let count = try layer.outputShapes(inputShapes: node.inputs.map { shapes[$0] ?? [] }).count
            let outs = (0..<count).map { shapes[TensorRef(layer: layer.name, node: node.callIndex, index: $0)] ?? [] }
            let shapeText = outs.count == 1 ? Model.describe(outs[0]) : "[" + outs.map(Model.describe).joined(separator: ", ") + "]"
            let params = node.callIndex == 0 ? layer.parameterCount : 0
            let type = "\(layer.name) (\(type(of: layer).kerasClassName))"
            let connected = node.inputs.map { "\($0.layer)[\($0.node)][\($0.index)]" }.joined(separator: ", ")
            rows.append(isSequential ? [type, shapeText, Model.grouped(params)] : [type, shapeText, Model.grouped(params), connected])
        }
        let headers = isSequential ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        let widths = headers.indices.map { c in max(headers[c].count, rows.map { $0[c].count }.max() ?? 0) + 2 }
        func line(_ l: String, _ m: String, _ r: String, _ fill: String) -> String {
            l + widths.map { String(repeating: fill, count: $0) }.joined(separator: m) + r
        }
        func cells(_ v: [String], _ edge: String) -> String {
            edge + v.enumerated().map { c, text in
                let pad = String(repeating: " ", count: widths[c] - 1 - text.count)
                return c == 2 ? pad + text + " " : " " + text + pad
            }.joined(separator: edge) + edge
        }
        var out = ["Model: \"\(name)\"", line("┏", "┳", "┓", "━"), cells(headers, "┃"), line("┡", "╇", "┩", "━")]
        for (i, r) in rows.enumerated() {
            out.append(cells(r, "│"))
            out.append(i == rows.count - 1 ? line("└", "┴", "┘", "─") : line("├", "┼", "┤", "─"))
        }
        let trainable = trainableWeights.reduce(0) { $0 + $1.elementCount }
        let total = parameterCount
        out.append(" Total params: \(Model.grouped(total)) (\(Model.bytes(total * 4)))")
        out.append(" Trainable params: \(Model.grouped(trainable)) (\(Model.bytes(trainable * 4)))")
        out.append(" Non-trainable params: \(Model.grouped(total - trainable)) (\(Model.bytes((total - trainable) * 4)))")
        return out.joined(separator: "\n") + "\n"
    }

    /// "(None, 20, 16)" as Keras prints a shape.
    static func describe(_ shape: [Int?]) -> String {
        let parts = shape.map { $0.map(String.init) ?? "None" }
        return "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
    }

    /// 1234567 → "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var s = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { s.append(",") }
            s.append(d)
        }
        return s
    }

    /// Keras's readable size: 4676 → "4.57 KB".
    public static func bytes(_ n: Int) -> String {
        var v = Double(n)
        for unit in ["B", "KB", "MB", "GB"] {
            if v < 1024 || unit == "GB" { return String(format: "%.2f", v) + " " + unit }
            v /= 1024
        }
        return ""
    }
}
