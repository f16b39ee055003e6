/// The sampling loop of a token model (Embedding → recurrent layers → Dense over the
/// vocabulary, run by a `TokenStepper`), shared by the generators that write one token at a time
/// (poetry, text): it starts the model over, feeds the boundary token 0 (how every training text
/// began) and the prompt, then at every step hands the next token's logits [V] to a hook that
/// decides — draw it with the sampler (the hook may first adjust the logits in place and give the
/// tokens allowed), feed a token of its own (a forced character, punctuation a form dictates), or
/// stop — and feeds each token taken back with every layer's state carried.
public final class SamplingLoop {
    /// What the hook decides at one step.
    public enum Choice {
        /// Draw the next token with the sampler; `allowed(i)` false excludes token i (nil: any may follow).
        case sample(allowed: ((Int) -> Bool)?)
        /// Take this token without drawing (it must be below `vocabularySize`).
        case force(Int)
        /// End the run; nothing more is fed.
        case stop
    }

    /// How a run ended.
    public enum Ending: Equatable {
        /// The hook chose `.stop`.
        case stopped
        /// The hook asked for a draw but allowed no token.
        case noTokenAllowed
    }

    /// The model stepped one token at a time.
    let stepper: TokenStepper

    /// Logits per step: the tokens the model predicts.
    public var vocabularySize: Int { stepper.vocabularySize }

    /// A loop over `model`; refuses, in one line, a model `TokenStepper` cannot step.
    public init(model: Model) throws {
        stepper = try TokenStepper(model: model)
    }

    /// One run from a fresh state: feeds 0 and `prompt` (token ids), then asks `next` about the
    /// logits [V] of each following token and reports each token taken to `took` before it is
    /// fed. `next` may change the logits in place before asking for a draw. The draws use
    /// `sampler` and `rng`, one per `.sample`, so a seed gives the same run.
    public func run(prompt: [Int] = [], sampler: inout Sampler, rng: inout SeededGenerator,
                    next: (_ logits: UnsafeMutablePointer<Float>) throws -> Choice,
                    took: (_ token: Int) throws -> Void) rethrows -> Ending {
        stepper.reset()
        var logits = stepper.step(0)
        for token in prompt { logits = stepper.step(token) }
        while true {
            let token: Int
            switch try next(logits) {
            case .stop:
                return .stopped
            case let .force(forced):
                token = forced
            case let .sample(allowed):
                guard let drawn = sampler.sample(logits, count: stepper.vocabularySize, using: &rng, allowed: allowed) else { return .noTokenAllowed }
                token = drawn
            }
            try took(token)
            logits = stepper.step(token)
        }
    }
}
