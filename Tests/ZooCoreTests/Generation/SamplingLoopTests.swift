import Foundation
import XCTest
@testable import ZooCore

/// The shared sampling loop: the logits its hook sees are the whole-sequence pass's over the
/// start token, the prompt and the tokens taken so far; forced tokens are fed, logits changed in
/// place steer the draw, a mask that allows nothing ends the run, a seed repeats it, and a run
/// resumed from a checkpoint goes on from there.
final class SamplingLoopTests: XCTestCase {
    private func languageModel() throws -> Model {
        try ModelBuilder.sequential(name: "lm", input: ModelInput(name: "ids", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 11, "output_dim": 5]),
            ("LSTM", ["name": "lstm", "units": 9, "return_sequences": true]),
            ("Dense", ["name": "logits", "units": 11]),
        ], seed: 3)
    }

    func testHookSeesTheLogitsOfTheSequenceSoFar() throws {
        let model = try languageModel()
        let loop = try SamplingLoop(model: model)
        var sampler = try Sampler(temperature: 1)
        var rng = SeededGenerator(seed: 9)
        var seen: [[Float]] = [], taken: [Int] = []
        let ending = loop.run(prompt: [4, 2], sampler: &sampler, rng: &rng, next: { logits in
            seen.append(Array(UnsafeBufferPointer(start: logits, count: 11)))
            switch seen.count {
            case 1: return .force(7)
            case 6: return .stop
            default: return .sample(allowed: nil)
            }
        }, took: { taken.append($0) })
        XCTAssertEqual(ending, .stopped)
        XCTAssertEqual(taken.count, 5)
        XCTAssertEqual(taken.first, 7, "a forced token is taken as given")
        XCTAssertTrue(taken.allSatisfy { (0..<11).contains($0) })
        let sequence = [0, 4, 2] + taken
        let full = try model.predict([Tensor(shape: [1, sequence.count], scalars: sequence.map(Float.init))])[0]
        for (k, logits) in seen.enumerated() {
            let row = 2 + k
            for j in 0..<11 {
                XCTAssertEqual(logits[j], full.scalars[row * 11 + j], accuracy: 2e-6, "step \(k) logit \(j)")
            }
        }

        var again: [Int] = []
        var rng2 = SeededGenerator(seed: 9)
        var count = 0
        _ = loop.run(prompt: [4, 2], sampler: &sampler, rng: &rng2, next: { _ in
            count += 1
            switch count {
            case 1: return .force(7)
            case 6: return .stop
            default: return .sample(allowed: nil)
            }
        }, took: { again.append($0) })
        XCTAssertEqual(again, taken, "a fresh state and the same seed give the same run")
    }

    func testAdjustedLogitsAndMasksSteerTheDraw() throws {
        let loop = try SamplingLoop(model: try languageModel())
        var sampler = try Sampler(temperature: 1)
        var rng = SeededGenerator(seed: 1)
        var taken: [Int] = []
        let steered = loop.run(sampler: &sampler, rng: &rng, next: { logits in
            guard taken.count < 4 else { return .stop }
            for j in 0..<11 where j != 5 { logits[j] -= 1000 }
            return .sample(allowed: nil)
        }, took: { taken.append($0) })
        XCTAssertEqual(steered, .stopped)
        XCTAssertEqual(taken, [5, 5, 5, 5], "logits lowered in place by 1000 leave token 5 alone")

        taken = []
        let masked = loop.run(sampler: &sampler, rng: &rng, next: { _ in
            let first = taken.isEmpty
            return .sample(allowed: { first && $0 == 8 })
        },
                              took: { taken.append($0) })
        XCTAssertEqual(masked, .noTokenAllowed)
        XCTAssertEqual(taken, [8], "the first draw may only be 8; the second allows nothing and ends the run")
    }

    /// A start token other than 0 is fed first; a checkpoint taken in the hook keeps the logits
    /// the model gave there, and runs resumed from it with the same seed repeat each other, on
    /// the logits of the whole-sequence pass.
    func testStartTokenAndCheckpoints() throws {
        let model = try languageModel()
        let loop = try SamplingLoop(model: model)
        var sampler = try Sampler(temperature: 1)
        var rng = SeededGenerator(seed: 4)
        var seen: [[Float]] = [], taken: [Int] = []
        var checkpoint: SamplingLoop.Checkpoint?
        _ = loop.run(start: 3, prompt: [6], sampler: &sampler, rng: &rng, next: { logits in
            seen.append(Array(UnsafeBufferPointer(start: logits, count: 11)))
            guard seen.count < 3 else {
                checkpoint = loop.checkpoint()
                return .stop
            }
            for j in 0..<11 { logits[j] *= 0.5 }
            return .sample(allowed: nil)
        }, took: { taken.append($0) })
        let there = try XCTUnwrap(checkpoint)
        XCTAssertEqual(there.logits, seen[2])

        func goOn() -> (seen: [[Float]], taken: [Int]) {
            var rng = SeededGenerator(seed: 8)
            var seen: [[Float]] = [], taken: [Int] = []
            let ending = loop.run(from: there, sampler: &sampler, rng: &rng, next: { logits in
                seen.append(Array(UnsafeBufferPointer(start: logits, count: 11)))
                return seen.count < 4 ? .sample(allowed: nil) : .stop
            }, took: { taken.append($0) })
            XCTAssertEqual(ending, .stopped)
            return (seen, taken)
        }
        let first = goOn(), second = goOn()
        XCTAssertEqual(second.taken, first.taken, "the same state and seed draw the same tokens")
        XCTAssertEqual(second.seen, first.seen)
        XCTAssertEqual(first.seen[0], seen[2])
        let sequence = [3, 6] + taken + first.taken
        let full = try model.predict([Tensor(shape: [1, sequence.count], scalars: sequence.map(Float.init))])[0]
        for (k, logits) in (seen + first.seen.dropFirst()).enumerated() {
            for j in 0..<11 { XCTAssertEqual(logits[j], full.scalars[(1 + k) * 11 + j], accuracy: 2e-6, "step \(k) logit \(j)") }
        }
    }

    /// The negative log-likelihood is the whole-sequence pass's cross-entropy of each token after
    /// the first, summed.
    func testNegativeLogLikelihood() throws {
        let model = try languageModel()
        let loop = try SamplingLoop(model: model)
        let tokens = [2, 9, 4, 4, 1, 10]
        let logits = try model.predict([Tensor(shape: [1, tokens.count], scalars: tokens.map(Float.init))])[0]
        var expected = 0.0
        for (k, next) in tokens.dropFirst().enumerated() {
            let row = (0..<11).map { Double(logits.scalars[k * 11 + $0]) }
            expected += Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +)) - row[next]
        }
        XCTAssertEqual(loop.negativeLogLikelihood(tokens), expected, accuracy: 1e-5)
        XCTAssertEqual(loop.negativeLogLikelihood([5]), 0, "one token: nothing to predict")
    }
}
