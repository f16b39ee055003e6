/// A prompt in the corpus's speech layout. The Shakespeare corpus writes the speaker's name on
/// its own line, ending in a period (`Romeo.`), and the speech below it; char-rnn's "tiny
/// Shakespeare" writes `ROMEO:` instead. Either form is accepted: `ROMEO:` (and `ROMEO: But
/// soft`) becomes `Romeo.` + newline (+ `But soft`), and a bare `Romeo.` gets its newline, so the
/// model continues with a speech rather than guessing the layout.
enum SpeakerPrompt {
    static func normalized(_ prompt: String) -> String {
        guard !prompt.contains("\n") else { return prompt }
        if let colon = prompt.firstIndex(of: ":") {
            let name = prompt[..<colon]
            if name.contains(where: \.isLetter), name.allSatisfy({ $0.isUppercase || $0 == " " || $0 == "." }) {
                let titled = name.split(separator: " ").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
                return titled + ".\n" + prompt[prompt.index(after: colon)...].drop(while: { $0 == " " })
            }
        }
        let words = prompt.split(separator: " ")
        if prompt.hasSuffix("."), (1...3).contains(words.count), words.allSatisfy({ $0.first?.isUppercase ?? false }) {
            return prompt + "\n"
        }
        return prompt
    }
}
