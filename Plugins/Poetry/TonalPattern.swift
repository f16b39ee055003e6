/// The level/oblique pattern of regulated verse (近体诗格律) for one form: within a verse the
/// 2nd, 4th (and 6th) characters alternate (二四六分明); verse 2 opposes verse 1 (对), verse 3
/// follows verse 2 (粘), and so on; even verses end level (the rhyme), odd ones oblique except a
/// rhyming first verse; a verse ending level avoids 孤平 (平平仄仄平 keeps its first 平) and 三平尾
/// (仄仄仄平平 keeps its middle 仄). Every other position is free (一三五不论). The whole pattern
/// follows from one choice, `start`: the tone of the 2nd character of a 五言 first verse (of the
/// 4th of a 七言 one).
public struct TonalPattern: Sendable {
    public let form: PoemForm
    public let firstLineRhymes: Bool

    public init(form: PoemForm, firstLineRhymes: Bool) {
        self.form = form
        self.firstLineRhymes = firstLineRhymes
    }

    /// The tone that character `index` of verse `verse` must have when the pattern starts with
    /// `start` (`.level` or `.oblique`); nil when the position is free.
    public func tone(verse: Int, index: Int, start: Prosody.Tones) -> Prosody.Tones? {
        let key = verse % 4 == 0 || verse % 4 == 3 ? start : start.opposite
        let end: Prosody.Tones = verse % 2 == 1 || (verse == 0 && firstLineRhymes) ? .level : .oblique
        let core = index - (form.charactersPerVerse - 5)
        switch core {
        case -1: return key.opposite
        case 0: return key == .level && end == .level ? .level : nil
        case 1: return key
        case 2: return key == .oblique && end == .level ? .oblique : nil
        case 3: return key.opposite
        case 4: return end
        default: return nil
        }
    }

    /// Whether `verses` (characters only) fit the pattern with some start, a character fitting a
    /// position when it can take the tone there.
    public func fits(_ verses: [[Character]], prosody: Prosody) -> Bool {
        [Prosody.Tones.level, .oblique].contains { start in
            verses.enumerated().allSatisfy { v, verse in
                verse.enumerated().allSatisfy { i, c in tone(verse: v, index: i, start: start).map { prosody.tones(of: c).contains($0) } ?? true }
            }
        }
    }
}
