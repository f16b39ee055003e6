import Foundation

/// The sampling loop of a token model (Embedding → recurrent layers → Dense over the
/// vocabulary, run by a `TokenStepper`), shared by the generators that write one token at a time
/// (poetry, text, music): it starts the model over, feeds the start token (0 for the character
/// models, how every training text began) and the prompt, then at every step hands the next
/// token's logits [V] to a hook that decides — draw it with the sampler (the hook may first
/// adjust the logits in place and give the tokens allowed), feed a token of its own (a forced
/// character, punctuation a form dictates), or stop — and feeds each token taken back with every
/// layer's state carried. A search that backtracks takes a `Checkpoint` in its hook and later
/// resumes the loop from it.
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

    /// The model's state at one step and the logits [V] it gives the next token there.
    public struct Checkpoint {
        let states: [[[Float]]]
        let hasRealStep: Bool
        /// [V] the logits as the model gave them (before any change the hook made).
        public let logits: [Float]
    }

    /// The model stepped one token at a time.
    let stepper: TokenStepper

    /// Logits per step: the tokens the model predicts.
    public var vocabularySize: Int { stepper.vocabularySize }

    /// A loop over `model`; refuses, in one line, a model `TokenStepper` cannot step.
    public init(model: Model) throws {
        stepper = try TokenStepper(model: model)
    }

    /// One run from a fresh state: feeds `start` and `prompt` (token ids), then asks `next` about
    /// the logits [V] of each following token and reports each token taken to `took` before it
    /// is fed. `next` may change the logits in place before asking for a draw. The draws use
    /// `sampler` and `rng`, one per `.sample`, so a seed gives the same run.
    public func run(start: Int = 0, prompt: [Int] = [], sampler: inout Sampler, rng: inout SeededGenerator,
                    next: (_ logits: UnsafeMutablePointer<Float>) throws -> Choice,
                    took: (_ token: Int) throws -> Void) rethrows -> Ending {
        stepper.reset()
        stepper.step(start)
        for token in prompt { stepper.step(token) }
        return try loop(sampler: &sampler, rng: &rng, next: next, took: took)
    }

    /// A run from `checkpoint` (taken in an earlier run's hook): the model's state and logits
    /// are set back to it, then the loop goes on as in `run(start:prompt:…)`.
    public func run(from checkpoint: Checkpoint, sampler: inout Sampler, rng: inout SeededGenerator,
                    next: (_ logits: UnsafeMutablePointer<Float>) throws -> Choice,
                    took: (_ token: Int) throws -> Void) rethrows -> Ending {
        stepper.states = checkpoint.states
        stepper.hasRealStep = checkpoint.hasRealStep
        checkpoint.logits.withUnsafeBufferPointer { stepper.logits.pointer.update(from: $0.baseAddress!, count: $0.count) }
        return try loop(sampler: &sampler, rng: &rng, next: next, took: took)
    }

    /// The model's state now and the logits it gives the next token (call it in the hook before
    /// changing them).
    public func checkpoint() -> Checkpoint {
        Checkpoint(states: stepper.states, hasRealStep: stepper.hasRealStep,
                   logits: Array(UnsafeBufferPointer(start: stepper.logits.pointer, count: stepper.vocabularySize)))
    }

    /// The negative log-likelihood (nats) the model gives `tokens` after their first, which is
    /// fed as the start token (teacher forcing, from a fresh state).
    public func negativeLogLikelihood(_ tokens: [Int]) -> Double {
        stepper.reset()
        let v = stepper.vocabularySize
        var total = 0.0
        for (token, next) in zip(tokens, tokens.dropFirst()) {
            let logits = stepper.step(token)
            var m = -Float.infinity
            for i in 0..<v { m = max(m, logits[i]) }
            var sum = 0.0
            for i in 0..<v { sum += Foundation.exp(Double(logits[i] - m)) }
            total += Foundation.log(sum) - Double(logits[next] - m)
        }
        return total
    }

    /// Asks the hook about the logits in `stepper.logits`, feeds what it takes, until it stops.
    private func loop(sampler: inout Sampler, rng: inout SeededGenerator,
                      next: (_ logits: UnsafeMutablePointer<Float>) throws -> Choice,
                      took: (_ token: Int) throws -> Void) rethrows -> Ending {
        var logits = stepper.logits.pointer
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
