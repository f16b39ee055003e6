import ZooCore

/// An encoder–decoder model cut in two for `--decoder-step`. The decoders are the recurrent
/// calls that take an `initial_state`; the decoder inputs are the model inputs their sequences
/// come from; every call that reads (through any path) a decoder input is on the decoder side
/// and runs one step at a time, the rest is the encoder. The only tensors that may cross from
/// the encoder to the decoder side are the decoders' initial states.
struct ONNXDecoderSplit {
    let encoderInputs: [ModelInput]
    let decoderInputs: [ModelInput]
    let encoderCalls: [LayerCall]
    let decoderCalls: [LayerCall]
    /// The encoder tensors that start the decoders (the encoder graph's outputs besides any
    /// model output computed there).
    let states: [TensorRef]
    let encoderOutputs: [TensorRef]
    let decoderOutputs: [TensorRef]

    init(_ model: Model) throws {
        let calls = model.calls
        let decoders = calls.filter { $0.layer is AnyRecurrentLayer && !$0.initialStates.isEmpty }
        guard !decoders.isEmpty else {
            throw ZooError("model '\(model.name)': no recurrent layer takes an initial_state, so there is no decoder to step (--step exports Embedding → recurrent → Dense generators)")
        }
        // The model inputs each call's outputs are computed from (keyed by the output 0 ref).
        var callSources: [TensorRef: Set<String>] = [:]
        let inputNames = Set(model.inputs.map(\.name))
        func sources(_ ref: TensorRef) -> Set<String> {
            inputNames.contains(ref.layer) ? [ref.layer] : callSources[TensorRef(layer: ref.layer, node: ref.node)] ?? []
        }
        for call in calls {
            callSources[call.output(0)] = (call.inputs + call.initialStates).reduce(into: Set<String>()) { $0.formUnion(sources($1)) }
        }
        let decoderNames = decoders.reduce(into: Set<String>()) { names, call in
            for ref in call.inputs { names.formUnion(sources(ref)) }
        }
        let onDecoderSide = { (ref: TensorRef) in !sources(ref).isDisjoint(with: decoderNames) }
        for call in decoders {
            if let ref = call.initialStates.first(where: onDecoderSide) {
                throw ZooError("\(call.layer.label): its initial_state \(ref) depends on the decoder's input; a one-step decoder cannot run it")
            }
        }
        var encoderCalls: [LayerCall] = [], decoderCalls: [LayerCall] = [], states: [TensorRef] = []
        for call in calls {
            guard (call.inputs + call.initialStates).contains(where: onDecoderSide) else {
                encoderCalls.append(call)
                continue
            }
            decoderCalls.append(call)
            for ref in call.inputs where !onDecoderSide(ref) {
                throw ZooError("\(call.layer.label): reads the encoder's \(ref) at every step; only a decoder's initial_state can come from the encoder in a one-step decoder")
            }
            states += call.initialStates.filter { !states.contains($0) }
        }
        encoderInputs = model.inputs.filter { !decoderNames.contains($0.name) }
        decoderInputs = model.inputs.filter { decoderNames.contains($0.name) }
        self.encoderCalls = encoderCalls
        self.decoderCalls = decoderCalls
        self.states = states
        encoderOutputs = model.outputs.filter { !onDecoderSide($0) }
        decoderOutputs = model.outputs.filter(onDecoderSide)
    }
}
