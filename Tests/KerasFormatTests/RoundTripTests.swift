import Foundation
import KerasFormat
import XCTest
import ZooCore

/// Read → write each layout → read gives bit-identical weights and the same outputs, for every
/// public fixture model; and real Keras 3 loads what we wrote (tools/keras_check).
final class RoundTripTests: XCTestCase {
    /// The files we write for a model: (suffix, keras2).
    static let written: [(String, Bool)] = [(".keras", false), (".h5", false), (".weights.h5", false),
                                            (".keras2.h5", true), (".keras2.weights.h5", true)]

    private func writeAll(to dir: URL) throws {
        for name in KerasFixtures.models {
            let model = try KerasModelFile.load(KerasFixtures.file(name + ".keras")).model
            for (suffix, keras2) in Self.written {
                try KerasModelFile.save(model, to: dir.appendingPathComponent(name + suffix), keras2: keras2)
            }
        }
    }

    func testEveryLayoutRoundTripsBitForBit() throws {
        let dir = try TemporaryFolder()
        try writeAll(to: dir.url)
        for name in KerasFixtures.models {
            let original = try KerasModelFile.load(KerasFixtures.file(name + ".keras")).model
            let io = try TensorIOFile(contentsOf: KerasFixtures.file(name + ".io.json"))
            for (suffix, keras2) in Self.written {
                let url = dir.url.appendingPathComponent(name + suffix)
                let back = try KerasModelFile.load(url, architecture: { _ in
                    try KerasModelFile.load(KerasFixtures.file(name + ".keras")).model
                })
                XCTAssertEqual(back.kerasVersion?.hasPrefix("2") ?? false, keras2, "\(name)\(suffix)")
                XCTAssertEqual(back.model.weights.map(\.path), original.weights.map(\.path), "\(name)\(suffix)")
                for (a, b) in zip(back.model.weights, original.weights) {
                    XCTAssertEqual(a.value.shape, b.value.shape, "\(name)\(suffix) \(a.path)")
                    XCTAssertEqual(a.value.scalars.map(\.bitPattern), b.value.scalars.map(\.bitPattern), "\(name)\(suffix) \(a.path)")
                }
                let got = try back.model.predict(io.inputs)
                for (g, e) in zip(got, try XCTUnwrap(io.outputs)) {
                    XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, "\(name)\(suffix)")
                }
            }
        }
    }

    func testRealKerasLoadsWhatWeWrite() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder()
        try writeAll(to: dir.url)
        let script = KerasFixtures.repository.appendingPathComponent("tools/keras_check/check_written.py")
        let (status, output) = try KerasFixtures.run(python, [script.path, dir.url.path, KerasFixtures.folder.path],
                                                     environment: ["KERAS_BACKEND": "numpy"])
        print(output)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        let ok = output.components(separatedBy: ": ok max abs error").count - 1
        let structural = output.components(separatedBy: ": STRUCTURE-OK ").count - 1
        XCTAssertEqual(ok + structural, KerasFixtures.models.count * Self.written.count, output)
        XCTAssertLessThanOrEqual(structural, 1, "only seq2seq.keras2.h5 may need tf_keras: \(output)")
    }
}
