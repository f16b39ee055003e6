import Foundation
import XCTest
import ZooCore

/// The onnxruntime checks one test gathers, run by ONE Python process at the end
/// (../shared/fixtures/tools/check_onnx.py's `main` per check; importing onnx and onnxruntime
/// costs about a second per process, which a check per process paid hundreds of times).
final class ONNXChecks {
    private struct Check {
        let model: URL, io: URL, what: String, file: StaticString, line: UInt
    }
    private var checks: [Check] = []

    /// Checks `model` (.onnx) under onnxruntime against the expected outputs of `io` (io.json).
    func add(_ model: URL, _ io: URL, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        checks.append(Check(model: model, io: io, what: what, file: file, line: line))
    }

    /// Checks `onnx` against our own forward pass of `model` on `inputs` (io.json written to `io`).
    func addForwardMatch(_ model: Model, onnx: URL, inputs: [(String, String, Tensor)], io: URL, _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let outputs = try model.predict(inputs.map(\.2))
        try ONNXCheck.ioJSON(inputs: inputs, outputs: outputs).write(to: io, atomically: true, encoding: .utf8)
        add(onnx, io, what, file: file, line: line)
    }

    /// Runs every check gathered so far and fails the test with the checker's report for each one
    /// that does not end in "ok"; prints each check's errors.
    func verify() throws {
        guard !checks.isEmpty else { return }
        let folder = try ONNXTemporaryFolder()
        let list = folder.url.appendingPathComponent("checks.json"), reports = folder.url.appendingPathComponent("reports.json")
        let pairs = JSONValue.array(checks.map { .array([.string($0.model.path), .string($0.io.path)]) })
        try pairs.serialized().write(to: list, atomically: true, encoding: .utf8)
        let driver = """
            import contextlib, io, json, sys
            sys.path.insert(0, sys.argv[1])
            import check_onnx
            reports = []
            for model, expected in json.load(open(sys.argv[2])):
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    try:
                        status = check_onnx.main([model, expected]) or 0
                    except SystemExit as e:
                        status = e.code if isinstance(e.code, int) else 1
                reports.append([status, out.getvalue()])
            json.dump(reports, open(sys.argv[3], "w"))
            """
        let tools = ONNXCheck.shared.appendingPathComponent("fixtures/tools")
        let (status, output) = try ONNXCheck.python(["-c", driver, tools.path, list.path, reports.path])
        guard status == 0, let results = try JSONValue.parse(Data(contentsOf: reports)).arrayValue, results.count == checks.count else {
            XCTFail("the onnxruntime checks did not run: \(output)")
            return
        }
        for (check, result) in zip(checks, results) {
            let code = result[0]?.intValue ?? 1, report = result[1]?.stringValue ?? ""
            print("\(check.what): \(report.split(separator: "\n").filter { $0.contains("err") }.joined(separator: "; "))")
            XCTAssertTrue(code == 0 && report.hasSuffix("ok\n"), "\(check.what): \(report)", file: check.file, line: check.line)
        }
        checks.removeAll()
    }
}
