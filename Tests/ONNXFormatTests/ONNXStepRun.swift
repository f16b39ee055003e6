import Foundation
import XCTest
import ZooCore

/// Runs a one-step ONNX model step by step under onnxruntime (the test venv's python), the
/// way a generation loop does: the encoder once (if any), then the step model once per time
/// step on that step's slice of the inputs [B, 1], each state input started as the step model's
/// metadata `initial_state.<input>` says (an encoder output, or zeros) and then fed the previous
/// step's `<state>_out`. The step outputs other than states, stacked over time ([B, T, ...]),
/// must match `expected` within atol + rtol·|expected| (numpy's allclose rule). Both models also
/// pass the onnx checker (full_check).
enum ONNXStepRun {
    static let driver = """
        import json, sys
        import numpy as np, onnx, onnxruntime as ort
        spec = json.load(open(sys.argv[1]))
        def array(t, dtype=None):
            return np.array(t["data"], dtype=dtype or t["dtype"]).reshape(t["shape"])
        def session(path):
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            return model, ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        step_model, step = session(spec["step"])
        initial = {p.key[len("initial_state."):]: p.value for p in step_model.metadata_props if p.key.startswith("initial_state.")}
        encoded = {}
        if spec.get("encoder"):
            _, encoder = session(spec["encoder"])
            feeds = {t["name"]: array(t) for t in spec["encoder_inputs"]}
            encoded = dict(zip([o.name for o in encoder.get_outputs()], encoder.run(None, feeds)))
        tokens = {t["name"]: array(t) for t in spec["step_inputs"]}
        batch, steps = next(iter(tokens.values())).shape[:2]
        state_inputs = [i for i in step.get_inputs() if i.name not in tokens]
        states = {}
        for i in state_inputs:
            source = initial[i.name]
            states[i.name] = encoded[source[len("encoder:"):]] if source.startswith("encoder:") else np.zeros((batch, i.shape[1]), np.float32)
        names = [o.name for o in step.get_outputs()]
        outputs = [n for n in names if not n.endswith("_out")]
        collected = {n: [] for n in outputs}
        for t in range(steps):
            feeds = {n: v[:, t:t + 1] for n, v in tokens.items()}
            feeds.update(states)
            result = dict(zip(names, step.run(None, feeds)))
            for n in outputs:
                collected[n].append(result[n] if result[n].ndim == 2 else result[n][:, 0])
            states = {i.name: result[i.name[:-len("_in")] + "_out"] for i in state_inputs}
        failed = False
        for n, expected in zip(outputs, spec["expected"]):
            got, want = np.stack(collected[n], axis=1), array(expected, np.float32)
            if got.shape != want.shape:
                print(f"FAIL: {n} has shape {got.shape}, expected {want.shape}")
                sys.exit(1)
            error = float(np.max(np.abs(got - want)))
            print(f"{n}: max abs error {error:.3g} over {steps} steps (max |expected| {float(np.max(np.abs(want))):.3g})")
            failed = failed or not np.all(np.abs(got - want) <= spec["atol"] + spec["rtol"] * np.abs(want))
        print(f"FAIL: error above {spec['atol']} + {spec['rtol']}·|expected|" if failed else "ok")
        sys.exit(1 if failed else 0)
        """

    /// Runs `step` (after `encoder` on `encoderInputs`) over `stepInputs` [B, T] and compares the
    /// stacked step outputs with `expected`; fails the test unless the driver says ok.
    static func expectMatch(step: URL, encoder: URL? = nil, encoderInputs: [(String, String, Tensor)] = [],
                            stepInputs: [(String, String, Tensor)], expected: [Tensor], atol: Float = 1e-5, rtol: Float = 0,
                            in dir: URL, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        func tensors(_ list: [(String, String, Tensor)]) -> String {
            "[" + list.map { ONNXCheck.tensorJSON($0.2, name: $0.0, dtype: $0.1) }.joined(separator: ",") + "]"
        }
        let spec = "{\"step\":\"\(step.path)\",\"encoder\":\(encoder.map { "\"\($0.path)\"" } ?? "null"),"
            + "\"encoder_inputs\":\(tensors(encoderInputs)),\"step_inputs\":\(tensors(stepInputs)),\"atol\":\(atol),\"rtol\":\(rtol),"
            + "\"expected\":[\(expected.map { ONNXCheck.tensorJSON($0, name: nil, dtype: "float32") }.joined(separator: ","))]}"
        let specURL = dir.appendingPathComponent(step.lastPathComponent + ".steps.json")
        try spec.write(to: specURL, atomically: true, encoding: .utf8)
        let (status, output) = try ONNXCheck.python(["-c", driver, specURL.path])
        XCTAssertEqual(status, 0, "\(what): \(output)", file: file, line: line)
        XCTAssertTrue(output.hasSuffix("ok\n"), "\(what): \(output)", file: file, line: line)
    }
}
