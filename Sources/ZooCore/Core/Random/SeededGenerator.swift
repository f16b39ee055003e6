/// A seeded pseudo-random generator (xoshiro256**, state seeded by SplitMix64).
/// The same seed gives the same stream on every platform, so weights and training runs repeat
/// bit for bit.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    /// True for `forFileWeights`: weights built with it are left for a file to fill.
    private(set) var leavesWeightsToFile = false

    /// The generator for building a model whose weights a file fills (loading a Keras file or a
    /// checkpoint): weights made with it (`Weight(name:path:shape:using:_:)`) draw nothing, run no
    /// initializer (Orthogonal is O(n³)) and allocate nothing until the file's value is assigned,
    /// so a size in a config costs nothing before the file's own shapes confirm it.
    static var forFileWeights: SeededGenerator {
        var generator = SeededGenerator(seed: 0)
        generator.leavesWeightsToFile = true
        return generator
    }

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// Uniform in [0, 1) with 24 random bits (every Float in the grid is reachable).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Standard normal (Box–Muller in Double).
    public mutating func nextNormal() -> Float {
        let u1 = Double(next() >> 11) * 0x1.0p-53
        let u2 = Double(next() >> 11) * 0x1.0p-53
        let r = (-2 * _log(1 - u1)).squareRoot()
        return Float(r * _cos(2 * Double.pi * u2))
    }

    /// A generator for a sub-stream (e.g. one layer's initializer) that does not disturb this one
    /// beyond one draw.
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }

import Foundation
