/// A recurrent layer that runs one time step at a time for generation (`TokenStepper`):
/// `RecurrentLayer` over any cell.
protocol StepKernelSource {
    /// A one-step runner over the layer's current weights.
    func stepKernel() throws -> RecurrentStepping
}
