/// A `zoo list` pattern over model names, ignoring case: `*` stands for any run of characters
/// and `?` for one; a pattern without either matches names that contain it.
public struct NamePattern: Sendable {
    private let pattern: [Character]

    public init(_ text: String) {
        let wild = text.contains("*") || text.contains("?")
        pattern = Array((wild ? text : "*\(text)*").lowercased())
    }

    public func matches(_ name: String) -> Bool {
        let text = Array(name.lowercased())
        // Greedy matching with one backtrack point: the last `*` seen and the text position it covers up to.
        var p = 0, t = 0, star: Int?, covered = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; covered = t; p += 1
            } else if let star {
                p = star + 1; covered += 1; t = covered
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
