/// A window sliding along the time axis, as Keras's Conv1D and 1-D pooling layers slide theirs:
/// `size` taps spaced `dilation` steps apart, moved `stride` steps per output step, over the
/// input padded as `padding` says (valid: none; same: ⌈T/stride⌉ outputs, the padding split with
/// the smaller half first; causal: span − 1 steps before the input only).
public struct TimeWindow: Sendable, Equatable {
    public enum Padding: String, Sendable, CaseIterable {
        case valid, same, causal
    }

    /// Taps in the window (kernel_size, pool_size).
    public let size: Int
    /// Steps between two outputs' windows.
    public let stride: Int
    /// Steps between two taps (dilation_rate; 1 for pooling).
    public let dilation: Int
    public let padding: Padding

    public init(size: Int, stride: Int, dilation: Int = 1, padding: Padding) {
        self.size = size
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
    }

    /// Input steps one window covers: dilation·(size − 1) + 1.
    public var span: Int { dilation * (size - 1) + 1 }

    /// Output steps for `steps` input steps (0 when a valid window does not fit).
    func outputSteps(_ steps: Int) -> Int {
        guard steps > 0 else { return 0 }
        switch padding {
        case .valid: return steps >= span ? (steps - span) / stride + 1 : 0
        case .same, .causal: return (steps - 1) / stride + 1
        }
    }

    /// Output steps of an extent that may be unknown (nil stays nil).
    func outputSteps(_ steps: Int?) -> Int? {
        steps.map { outputSteps($0) }
    }

    /// Padding steps before the input for `steps` input steps.
    func leftPadding(_ steps: Int) -> Int {
        switch padding {
        case .valid: return 0
        case .same: return max((outputSteps(steps) - 1) * stride + span - steps, 0) / 2
        case .causal: return span - 1
        }
    }

    /// Padding steps after the input for `steps` input steps.
    func rightPadding(_ steps: Int) -> Int {
        switch padding {
        case .valid, .causal: return 0
        case .same: return max((outputSteps(steps) - 1) * stride + span - steps, 0) - leftPadding(steps)
        }
    }

    /// The input step of output step `t`'s tap `k`, before checking it lies in 0..<steps.
    @inline(__always)
    func source(output t: Int, tap k: Int, left: Int) -> Int { t * stride + k * dilation - left }
}
