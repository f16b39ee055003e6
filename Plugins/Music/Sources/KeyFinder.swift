import Foundation

/// Krumhansl–Schmuckler key finding: the key whose Krumhansl–Kessler tone profile (probe-tone
/// ratings, Krumhansl 1990) correlates best (Pearson) with a piece's pitch-class distribution,
/// each pitch class weighted by how many sixteenth-note steps it sounds in any voice.
public enum KeyFinder {
    /// Probe-tone ratings of the twelve pitch classes from the tonic up, major and minor.
    static let majorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// The best-fitting key of `chorale`: its tonic's pitch class (0 = C … 11 = B) and mode.
    public static func key(of chorale: Chorale) -> (tonic: Int, minor: Bool) {
        var weights = [Double](repeating: 0, count: 12)
        for voice in Voice.allCases {
            for note in chorale.notes(voice) { weights[note.pitch % 12] += Double(note.length) }
        }
        return key(weights)
    }

    /// The best-fitting key of a [12] pitch-class distribution (C first).
    public static func key(_ weights: [Double]) -> (tonic: Int, minor: Bool) {
        var best = (score: -Double.infinity, tonic: 0, minor: false)
        for tonic in 0..<12 {
            let rotated = (0..<12).map { weights[(tonic + $0) % 12] }
            for (minor, profile) in [(false, majorProfile), (true, minorProfile)] {
                let r = correlation(rotated, profile)
                if r > best.score { best = (r, tonic, minor) }
            }
        }
        return (best.tonic, best.minor)
    }

    /// Pearson's r of two [12] vectors (0 when either is constant).
    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = a.reduce(0, +) / 12, mb = b.reduce(0, +) / 12
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            ab += (x - ma) * (y - mb); aa += (x - ma) * (x - ma); bb += (y - mb) * (y - mb)
        }
        return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
    }
}
