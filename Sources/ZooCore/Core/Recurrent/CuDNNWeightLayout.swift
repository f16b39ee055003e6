/// The weights of Keras 2's CuDNNLSTM and CuDNNGRU, read into LSTM and GRU(reset_after=True) as
/// tf_keras's converter (`hdf5_format._convert_rnn_weights`) maps them. With G gate blocks of H
/// units and I inputs:
/// - kernel [I, G·H]: each gate's block [I, H] holds cuDNN's matrix [H, I] column-major, so the
///   native block is `out[r][c] = file[(r + I·c) / H][(r + I·c) % H]`;
/// - recurrent_kernel [H, G·H]: each gate's block [H, H] transposed;
/// - bias: CuDNNLSTM's [2·G·H] (input and recurrent halves) summed to LSTM's [G·H]; CuDNNGRU's
///   [2·G·H] is GRU(reset_after)'s [2, G·H] row-major, unchanged.
enum CuDNNWeightLayout {
    /// The file forms of `kernel`, `recurrent_kernel` and `bias` for a cell of `gates` blocks of
    /// `units`, reading `inputWidth` features; `splitBias` when the native bias is [2, G·H].
    static func forms(source: String, gates: Int, units h: Int, inputWidth i: Int, splitBias: Bool)
        -> (kernel: WeightFileForm, recurrentKernel: WeightFileForm, bias: WeightFileForm) {
        let g = gates * h
        let kernel = WeightFileForm(shape: [i, g], source: source) { file in
            var out = [Float](repeating: 0, count: file.count)
            for gate in 0..<gates {
                for r in 0..<i {
                    for c in 0..<h {
                        let flat = r + i * c
                        out[r * g + gate * h + c] = file[(flat / h) * g + gate * h + flat % h]
                    }
                }
            }
            return out
        }
        let recurrent = WeightFileForm(shape: [h, g], source: source) { file in
            var out = [Float](repeating: 0, count: file.count)
            for gate in 0..<gates {
                for r in 0..<h {
                    for c in 0..<h { out[r * g + gate * h + c] = file[c * g + gate * h + r] }
                }
            }
            return out
        }
        let bias = WeightFileForm(shape: [2 * g], source: source) { file in
            splitBias ? file : (0..<g).map { file[$0] + file[g + $0] }
        }
        return (kernel, recurrent, bias)
    }
}
