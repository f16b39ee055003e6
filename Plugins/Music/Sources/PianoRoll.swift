import Foundation

/// A chorale drawn as a piano roll (SVG): time runs left to right with a line and a number at
/// every bar (thin lines at the quarter-note beats), pitch bottom to top with each natural note
/// named (C4 = middle C, MIDI 60) and the black-key rows shaded, each voice in its own colour,
/// with a legend. 6 px per sixteenth note, 9 px per semitone.
public enum PianoRoll {
    static let stepWidth = 6, rowHeight = 9
    static let left = 44, top = 44, right = 16, bottom = 52
    /// Soprano red, alto amber, tenor teal, bass blue.
    static let colours = ["#c0392b", "#e69b00", "#16a085", "#2e5c99"]
    static let names = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"]

    /// The SVG document for `chorale`, headed by `title`.
    public static func svg(_ chorale: Chorale, title: String) -> String {
        let notes = Voice.allCases.map { chorale.notes($0) }
        let pitches = notes.joined().map(\.pitch)
        let low = (pitches.min() ?? 60) - 2, high = max((pitches.max() ?? 72) + 2, low + 12)
        let steps = max(chorale.steps, 1)
        let width = left + steps * stepWidth + right, height = top + (high - low + 1) * rowHeight + bottom
        func x(_ step: Int) -> Int { left + step * stepWidth }
        func y(_ pitch: Int) -> Int { top + (high - pitch) * rowHeight }
        var svg = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(width)" height="\##(height)" viewBox="0 0 \##(width) \##(height)" font-family="Helvetica, Arial, sans-serif">"##,
            ##"<rect width="100%" height="100%" fill="white"/>"##,
            ##"<text x="\##(left)" y="18" font-size="13" font-weight="bold">\##(escaped(title))</text>"##,
        ]
        for pitch in low...high {
            let pc = pitch % 12
            if [1, 3, 6, 8, 10].contains(pc) {
                svg.append(##"<rect x="\##(left)" y="\##(y(pitch))" width="\##(steps * stepWidth)" height="\##(rowHeight)" fill="#f0f0f0"/>"##)
            } else {
                let weight = pc == 0 ? " font-weight=\"bold\"" : ""
                svg.append(##"<text x="\##(left - 4)" y="\##(y(pitch) + rowHeight - 1)" font-size="8" text-anchor="end"\##(weight)>\##(name(pitch))</text>"##)
            }
            if pc == 0 {
                svg.append(##"<line x1="\##(left)" y1="\##(y(pitch) + rowHeight)" x2="\##(x(steps))" y2="\##(y(pitch) + rowHeight)" stroke="#bbbbbb" stroke-width="0.6"/>"##)
            }
        }
        let marks = chorale.meter.marks(chorale.steps)
        var bar = 0
        for (s, mark) in marks.enumerated() where mark != .none {
            let isBar = mark == .bar
            svg.append(##"<line x1="\##(x(s))" y1="\##(top)" x2="\##(x(s))" y2="\##(y(low) + rowHeight)" stroke="\##(isBar ? "#666666" : "#dddddd")" stroke-width="\##(isBar ? 1 : 0.6)"/>"##)
            if isBar {
                bar += 1
                svg.append(##"<text x="\##(x(s) + 2)" y="\##(top - 6)" font-size="9" fill="#444444">\##(bar)</text>"##)
            }
        }
        svg.append(##"<line x1="\##(x(steps))" y1="\##(top)" x2="\##(x(steps))" y2="\##(y(low) + rowHeight)" stroke="#666666" stroke-width="1"/>"##)
        svg.append(##"<text x="\##(left - 4)" y="\##(top - 6)" font-size="9" text-anchor="end" fill="#444444">bar</text>"##)
        for voice in Voice.allCases {
            for note in notes[voice.rawValue] {
                svg.append(##"<rect x="\##(x(note.start) + 1)" y="\##(y(note.pitch) + 1)" width="\##(note.length * stepWidth - 2)" height="\##(rowHeight - 2)" rx="2" fill="\##(colours[voice.rawValue])"><title>\##(voice.name) \##(name(note.pitch)), \##(note.length) sixteenths</title></rect>"##)
            }
        }
        let legendY = y(low) + rowHeight + 22
        svg.append(##"<text x="\##(left)" y="\##(legendY)" font-size="10" fill="#444444">time in bars (\##(chorale.key), \##(signatures(chorale)))</text>"##)
        for voice in Voice.allCases {
            let lx = left + voice.rawValue * 84
            svg.append(##"<rect x="\##(lx)" y="\##(legendY + 8)" width="14" height="9" rx="2" fill="\##(colours[voice.rawValue])"/>"##)
            svg.append(##"<text x="\##(lx + 18)" y="\##(legendY + 16)" font-size="10">\##(voice.name)</text>"##)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    /// "C4" for MIDI 60 (sharps and flats as commonly spelled).
    static func name(_ pitch: Int) -> String { "\(names[pitch % 12])\(pitch / 12 - 1)" }

    /// "4/4", or "4/4, 3/4" when the meter changes.
    static func signatures(_ chorale: Chorale) -> String {
        chorale.meter.signatures.map { "\($0.numerator)/\($0.denominator)" }.joined(separator: ", ")
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
