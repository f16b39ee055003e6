/// One recurrent layer run one time step at a time for batch 1 (generation), with its state
/// carried between calls. A step splits into `sliceCount` independent slices (groups of units)
/// that separate threads may run; `commit` then makes the new state current.
protocol RecurrentStepping: AnyObject {
    /// Input features I.
    var inputWidth: Int { get }
    /// Units H.
    var units: Int { get }
    /// [H] h of the last committed step.
    var output: UnsafePointer<Float> { get }
    /// [H] h of the step in progress (complete once all its slices ran).
    var pendingOutput: UnsafePointer<Float> { get }
    /// Slices of one step (1 when the cell's step cannot be split by units).
    var sliceCount: Int { get }
    /// Zeroes h (and c).
    func reset()
    /// Precomputes x·K + b for `count` input rows [count, I] (an embedding table) so a step fed
    /// `.projectedRow(i)` skips that product. Returns false (and keeps nothing) when the table
    /// would exceed `budget` floats.
    func projectInputs(_ rows: UnsafePointer<Float>, count: Int, budget: Int) -> Bool
    /// Runs slice `slice` of the next step.
    func stepSlice(_ slice: Int, input: StepInput)
    /// Makes the step whose slices all ran the current state.
    func commit()
    /// The carried states, [H] each (h, then c for LSTM).
    var states: [[Float]] { get set }
}

/// The input of one step of a `RecurrentStepping`.
enum StepInput {
    /// x [I].
    case vector(UnsafePointer<Float>)
    /// Row i of the rows given to `projectInputs`.
    case projectedRow(Int)
}

extension RecurrentStepping {
    /// A whole step on `x` [I] on the calling thread.
    func step(_ x: UnsafePointer<Float>) {
        for slice in 0..<sliceCount { stepSlice(slice, input: .vector(x)) }
        commit()
    }
}
