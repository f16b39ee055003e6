/// What a poem must obey beyond its form: rhyme, optionally the strict tonal pattern, and a
/// penalty on repeated characters.
public struct PoemRules: Sendable, Equatable {
    /// Even verses end in distinct level-tone (平) characters of one rhyme group.
    public var rhyme: Bool
    /// The first verse rhymes too; nil: yes for 七言, no for 五言 (the usual practice).
    public var firstLineRhymes: Bool?
    /// Every position that regulated verse fixes takes its tone (`TonalPattern`).
    public var strictTones: Bool
    /// Subtracted from a character's logit (nats) once per earlier occurrence in the poem; the
    /// character just before in the same verse is exempt once, so reduplication (叠字 such as
    /// 悠悠) stays possible, and a third in a row is never chosen.
    public var repetitionPenalty: Float

    /// The default penalty, in nats: tuned so that the shipped model repeats characters about as
    /// often as the validation poems do.
    public static let defaultRepetitionPenalty: Float = 2

    /// The form alone: no rhyme, no tones, no penalty.
    public static let formOnly = PoemRules(rhyme: false, firstLineRhymes: false, repetitionPenalty: 0)

    public init(rhyme: Bool = true, firstLineRhymes: Bool? = nil, strictTones: Bool = false,
                repetitionPenalty: Float = PoemRules.defaultRepetitionPenalty) {
        self.rhyme = rhyme
        self.firstLineRhymes = firstLineRhymes
        self.strictTones = strictTones
        self.repetitionPenalty = repetitionPenalty
    }

    /// Whether the first verse of `form` rhymes under these rules.
    public func firstLineRhymes(in form: PoemForm) -> Bool {
        rhyme && (firstLineRhymes ?? (form.charactersPerVerse == 7))
    }
}
