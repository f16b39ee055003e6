/// How errors show a SHA-256: the first 16 hex digits and an ellipsis, enough to tell two apart.
enum Digest {
    static func short(_ hex: String) -> String {
        hex.count > 16 ? hex.prefix(16) + "…" : hex
    }
}
