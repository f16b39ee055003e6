import Foundation
import XCTest

/// Plugins seen from the command line: what `zoo plugins` reports, the error when a family's
/// plugin is absent, and an out-of-tree plugin package built against the core.
final class PluginCommandTests: XCTestCase {
    static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func testPluginsListsTheStandardFamiliesAsJSON() throws {
        let r = try ZooProcess.run(["plugins", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["SimpleRNN", "LSTM", "GRU", "Sentiment", "Seq2Seq", "Attention", "Poetry", "Text", "Music"] {
            XCTAssertTrue(r.stdout.contains("\"name\": \"\(name)\""), name)
        }
        XCTAssertFalse(r.stdout.contains("refused"), r.stdout)
    }

    /// A `zoo` whose folder holds the core (libZooCore.so and libZooSupport.so) but not the LSTM
    /// plugin names the missing plugin.
    func testMissingFamilyPluginIsNamedInTheError() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let products = ZooProcess.productsFolder
        for file in ["zoo", "libZooCore.so", "libZooSupport.so", "libZooPluginGRU.so"] {
            try FileManager.default.copyItem(at: products.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let model = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras/lstm_regressor.keras")
        let r = try ZooProcess.run(["summary", model.path], environment: ["ZOO_PLUGIN_PATH": ""], executable: folder.appendingPathComponent("zoo"))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("zoo summary: \(model.path): LSTM 'lstm_seq': unknown layer class 'LSTM': the plugin 'LSTM' (libZooPluginLSTM.so) provides it, but it was not found in \(folder.path); use --plugins DIR or ZOO_PLUGIN_PATH"), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
        let found = try ZooProcess.run(["summary", model.path, "--plugins", products.path], executable: folder.appendingPathComponent("zoo"))
        XCTAssertEqual(found.status, 0, found.stderr)
        let poetry = try ZooProcess.run(["generate", "poetry"], environment: ["ZOO_PLUGIN_PATH": ""], executable: folder.appendingPathComponent("zoo"))
        XCTAssertEqual(poetry.stderr, "zoo generate poetry: unknown generator 'poetry': the plugin 'Poetry' (libZooPluginPoetry.so) provides it, but it was not found in \(folder.path); use --plugins DIR or ZOO_PLUGIN_PATH (known: none)\n")
        let preset = try ZooProcess.run(["train", "lstm-sine"], environment: ["ZOO_PLUGIN_PATH": ""], executable: folder.appendingPathComponent("zoo"))
        XCTAssertTrue(preset.stderr.hasPrefix("zoo train: unknown preset 'lstm-sine': the plugin 'LSTM' (libZooPluginLSTM.so) provides it, but it was not found in \(folder.path)"), preset.stderr)
    }

    /// A plugin refused for its core build is named on stderr by any command that loads plugins,
    /// in one warning line, and the command still runs with the plugins that passed.
    func testRefusedPluginIsWarnedAboutOnStderr() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = [UInt8](try Data(contentsOf: ZooProcess.productsFolder.appendingPathComponent("libZooPluginGRU.so")))
        let magic = Array("ZOOPLUGN".utf8)
        let at = try XCTUnwrap((0...(bytes.count - 32)).first { bytes[$0..<($0 + 8)].elementsEqual(magic) }, "no zoo_plugin section")
        bytes.replaceSubrange((at + 16)..<(at + 32), with: Array("0123456789abcdef".utf8))
        let stale = folder.appendingPathComponent("libZooPluginGRU.so")
        try Data(bytes).write(to: stale)
        let r = try ZooProcess.run(["train", "--list", "--plugins", folder.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("zoo: warning: plugin \(stale.path) refused: built against core 0123456789abcdef, this zoo runs core "), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("gru-sentiment"), "the plugins beside zoo still load: \(r.stdout)")
        let listed = try ZooProcess.run(["plugins", "--plugins", folder.path])
        XCTAssertTrue(listed.stdout.contains("\n  GRU 1.0.0  ") && listed.stdout.contains("\n  REFUSED GRU 1.0.0  \(stale.path)\n"),
                      "the GRU plugin beside zoo loads, the stale one is refused: \(listed.stdout)")
    }

    /// The recipe of Plugins/README.md: a package of its own, depending on the core by path,
    /// built as a .so, found through ZOO_PLUGIN_PATH, listed and trained.
    func testOutOfTreePluginPackageIsListedAndTrains() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugins = try OutOfTreePluginBuild.plugins()

        let env = ["ZOO_PLUGIN_PATH": plugins.path]
        let listed = try ZooProcess.run(["plugins"], environment: env)
        XCTAssertTrue(listed.stdout.contains("Reversal 0.1.0  \(plugins.path)/libReversalPlugin.so"), listed.stdout)
        XCTAssertTrue(listed.stdout.contains("families: Reversal; layers: ReverseTime, LeakyRNN; presets: reversed-sine; generators: sine; formats: tinymodel"),
                      listed.stdout)
        let list = try ZooProcess.run(["list", "--family", "reversal"], environment: env)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("\nReversal  Reversal  ReverseTime, LeakyRNN  reversed-sine"), list.stdout)
        let trained = try ZooProcess.run(["train", "reversed-sine", "--epochs", "3", "-o", folder.appendingPathComponent("out").path], environment: env)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertTrue(trained.stdout.contains("oldest_first (ReverseTime)"), trained.stdout)
        let history = try String(contentsOf: folder.appendingPathComponent("out/history.csv"), encoding: .utf8)
        XCTAssertEqual(history.split(separator: "\n").count, 4, history)

        let generators = try ZooProcess.run(["generate", "--help"], environment: env)
        XCTAssertTrue(generators.stdout.contains("Generators: music, poetry, sine, text."), generators.stdout)
        let help = try ZooProcess.run(["generate", "sine", "--help"], environment: env)
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("--steps <n>             How many values to continue the wave by. (default: 5)"), help.stdout)
        let checkpoint = folder.appendingPathComponent("out/checkpoint.zoockpt").path
        let sine = try ZooProcess.run(["generate", "sine", "--steps", "3", "--from=20", "--model", checkpoint], environment: env)
        XCTAssertEqual(sine.status, 0, sine.stderr)
        let values = sine.stdout.split(separator: "\n").compactMap { Double($0) }
        XCTAssertEqual(values.count, 3, sine.stdout)
        XCTAssertEqual(values.first ?? .nan, sin(0.2 * 30), accuracy: 0.5, "3 epochs give a rough next value: \(sine.stdout)")
        XCTAssertTrue(values.allSatisfy { abs($0) < 2 }, sine.stdout)
        let again = try ZooProcess.run(["generate", "sine", "--steps", "3", "--from=20", "--model", checkpoint], environment: env)
        XCTAssertEqual(again.stdout, sine.stdout, "a model's prediction is deterministic")
        XCTAssertTrue(sine.stderr.hasPrefix("sine from checkpoint.zoockpt: 3 steps after k = 20…29 · "), sine.stderr)
        let bad = try ZooProcess.run(["generate", "sine", "--steps", "99", "--model", checkpoint], environment: env)
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr, "zoo generate sine: --steps must be a whole number from 1 to 50, got '99'\n")
    }
}
