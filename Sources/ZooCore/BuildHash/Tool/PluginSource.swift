import Foundation

/// A plugin's manifest read from its `ZooPluginEntry.swift` without compiling it: the string
/// literals of `static let name`, `version`, `summary` and `families`, and the first (string
/// literal) argument of every registrar call `.layer("…"`, `.preset("…"`, `.generator("…"`,
/// `.format("…"`.
/// At run time `PluginRegistrar` refuses a registration whose name is not in this manifest, and
/// a manifest name that was not registered, so the two cannot drift apart.
struct PluginSource {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    var name = "", version = "", summary = ""
    var families: [String] = []
    var registered: [String: [String]] = ["layer": [], "preset": [], "generator": [], "format": []]

    private static let literal = #""((?:[^"\\\n]|\\.)*)""#

    init(_ text: String) throws {
        let code = Self.withoutComments(text)
        for key in ["name", "version", "summary"] {
            let found = try Self.matches(#"static\s+let\s+\#(key)\s*(?::\s*String\s*)?=\s*\#(Self.literal)"#, in: code)
            guard found.count == 1 else {
                throw Failure(description: "ZooPluginEntry must declare `static let \(key) = \"…\"` once, as a string literal")
            }
            let value = try Self.unescape(found[0][0])
            switch key {
            case "name": name = value
            case "version": version = value
            default: summary = value
            }
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw Failure(description: "the plugin name '\(name)' must be letters, digits, '-' or '_'")
        }
        let list = try Self.matches(#"static\s+let\s+families\s*(?::\s*\[String\]\s*)?=\s*\[([^\]]*)\]"#, in: code)
        guard list.count == 1 else { throw Failure(description: "ZooPluginEntry must declare `static let families = [\"…\"]` once, with string literals") }
        families = try Self.matches(Self.literal, in: list[0][0]).map { try Self.unescape($0[0]) }
        for match in try Self.matches(#"\.(layer|preset|generator|format)\(\s*\#(Self.literal)"#, in: code) {
            registered[match[0], default: []].append(try Self.unescape(match[1]))
        }
    }

    /// The manifest as UTF-8 JSON (the `PluginManifest` keys).
    var manifestJSON: [UInt8] {
        let object: [String: Any] = ["name": name, "version": version, "summary": summary, "families": families,
                                     "layers": registered["layer"]!, "presets": registered["preset"]!, "generators": registered["generator"]!,
                                     "formats": registered["format"]!]
        // JSONSerialization of strings and string arrays cannot fail.
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// `text` as a Swift string literal.
    static func swiftLiteral(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// Line comments and block comments blanked (a string literal containing `//` is not expected
    /// in an entry file's declarations).
    private static func withoutComments(_ text: String) -> String {
        let blocks = text.replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: " ", options: .regularExpression)
        return blocks.replacingOccurrences(of: #"(?m)^\s*//.*$"#, with: "", options: .regularExpression)
    }

    /// The value of a Swift string literal's body; interpolation is refused.
    private static func unescape(_ body: String) throws -> String {
        var out = "", escaped = false
        for character in body {
            if escaped {
                switch character {
                case "n": out += "\n"
                case "t": out += "\t"
                case "\"", "\\", "'": out.append(character)
                default: throw Failure(description: "the literal \"\(body)\" uses an escape or interpolation; write plain text")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
