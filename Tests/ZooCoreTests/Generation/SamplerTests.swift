import XCTest
@testable import ZooCore

final class SamplerTests: XCTestCase {
    let logits: [Float] = [1.0, 3.0, 0.5, 2.0, -1.0]

    private func draw(_ sampler: inout Sampler, _ rng: inout SeededGenerator, allowed: ((Int) -> Bool)? = nil) -> Int? {
        logits.withUnsafeBufferPointer { sampler.sample($0.baseAddress!, count: $0.count, using: &rng, allowed: allowed) }
    }

    func testGreedyMaskAndTopK() throws {
        var rng = SeededGenerator(seed: 1)
        var greedy = try Sampler(temperature: 0)
        XCTAssertEqual(draw(&greedy, &rng), 1)
        XCTAssertEqual(draw(&greedy, &rng, allowed: { $0 != 1 }), 3)
        XCTAssertNil(draw(&greedy, &rng, allowed: { _ in false }))
        var top2 = try Sampler(temperature: 1, topK: 2)
        for _ in 0..<200 { XCTAssertTrue([1, 3].contains(draw(&top2, &rng)!)) }
        var masked = try Sampler(temperature: 1)
        for _ in 0..<200 { XCTAssertTrue([0, 2].contains(draw(&masked, &rng, allowed: { $0 == 0 || $0 == 2 })!)) }
        XCTAssertThrowsError(try Sampler(temperature: -1))
        XCTAssertThrowsError(try Sampler(topP: 0))
    }

    /// 20,000 draws at temperature 1 follow softmax(logits) (each frequency within 0.015), and
    /// top-p 0.7 keeps exactly the tokens whose cumulative mass first reaches 0.7.
    func testFrequenciesFollowTheDistribution() throws {
        var rng = SeededGenerator(seed: 2)
        var sampler = try Sampler(temperature: 1)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<20_000 { counts[draw(&sampler, &rng)!] += 1 }
        let z = logits.map { exp(Double($0)) }.reduce(0, +)
        for i in 0..<5 { XCTAssertEqual(Double(counts[i]) / 20_000, exp(Double(logits[i])) / z, accuracy: 0.015, "token \(i)") }
        var nucleus = try Sampler(temperature: 1, topP: 0.7)
        var seen = Set<Int>()
        for _ in 0..<2000 { seen.insert(draw(&nucleus, &rng)!) }
        XCTAssertEqual(seen, [1, 3], "p(1) = 0.61 < 0.7, p(1) + p(3) = 0.84 ≥ 0.7")
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        var s1 = try Sampler(), s2 = try Sampler()
        XCTAssertEqual((0..<50).map { _ in draw(&s1, &a)! }, (0..<50).map { _ in draw(&s2, &b)! }, "same seed, same draws")
    }
}
