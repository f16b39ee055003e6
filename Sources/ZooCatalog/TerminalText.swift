import ZooCore

/// Strings from a registry or a card (names, summaries, any card field) made safe to print on a
/// terminal. A registry is not trusted: a summary holding `ESC ] 0 ; … BEL` or `ESC [ 2 J` would
/// otherwise retitle or clear the user's terminal, and U+202E would reorder what is shown.
///
/// The characters escaped are the C0 controls (ESC, BEL, CR, newline, tab, …), DEL, the C1
/// controls (U+0080–U+009F; terminals read U+009B as CSI) and the bidirectional embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069). Every other character is kept.
public enum TerminalText {
    /// `text` with each of those characters written as a Swift escape: ESC as `\u{1B}`.
    public static func escaped(_ text: String) -> String {
        replacing(text) { "\\u{\(String($0, radix: 16, uppercase: true))}" }
    }

    /// `value` as JSON text (`JSONValue.serialized`, which escapes U+0000–U+001F inside strings,
    /// so a newline left is layout), with the other characters above written as JSON escapes
    /// (`\u009b`), which JSON readers decode back to the original strings.
    public static func json(_ value: JSONValue, pretty: Bool = true) -> String {
        replacing(value.serialized(pretty: pretty), keeping: "\n") { code in
            let hex = String(code, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    /// `text` with every unsafe character but `kept` replaced by `escape(its code point)`.
    private static func replacing(_ text: String, keeping kept: Unicode.Scalar? = nil, _ escape: (UInt32) -> String) -> String {
        let escaped = { (scalar: Unicode.Scalar) in scalar != kept && isUnsafe(scalar) }
        guard text.unicodeScalars.contains(where: escaped) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escaped(scalar) {
                out.append(contentsOf: escape(scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether a terminal could act on `scalar` instead of showing it.
    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
