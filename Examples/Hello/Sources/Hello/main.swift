// Loads a Keras file, predicts, converts it to ONNX and writes a poem, through RNNZoo's library
// API: `swift run --package-path Examples/Hello Hello MODEL.keras OUT.onnx` (plugins beside the
// zoo build: ZOO_PLUGIN_PATH=.build/debug).
import RNNZoo

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: Hello MODEL OUT.onnx\n".utf8))
    exit(2)
}
do {
    let file = try Zoo.open(arguments[1])
    print("\(arguments[1]): \(file.description)")
    print(try file.model.summary())
    // Two rows; a free time axis of 4 steps.
    let shape = file.model.inputs[0].shape.enumerated().map { $0.element ?? ($0.offset == 0 ? 2 : 4) }
    let x = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Float($0 % 7) / 7 })
    for (i, y) in try file.model.predict([x]).enumerated() {
        print("output \(i) \(y.shape): \(y.scalars.prefix(4).map { String(format: "%.5f", $0) }.joined(separator: " "))")
    }
    try Zoo.save(file.model, to: arguments[2])
    print("wrote \(arguments[2])")
    let poem = try Zoo.generate("poetry", options: ["acrostic": "春夏秋冬"], seed: 7)
    print(poem.stdout)
} catch {
    FileHandle.standardError.write(Data("Hello: \(error)\n".utf8))
    exit(1)
}
