/// Input layout and masks of `Recurrence`: the batch-major input and mask turned into processing
/// order (time-major, reversed for `go_backwards`) and back for the input's gradient, and the
/// layer's output gathered from the states. B batch rows, T steps, I features, H units.
extension Recurrence {
    /// [T·B] whether each (step, row) of processing order is real.
    /// - Parameter mask: [B, T] of 0/1
    static func timeMajorMask(_ mask: Tensor, batch b: Int, time t: Int, goBackwards: Bool) -> [Bool] {
        var m = [Bool](repeating: true, count: t * b)
        for s in 0..<t {
            let src = goBackwards ? t - 1 - s : s
            for i in 0..<b { m[s * b + i] = mask.scalars[i * t + src] != 0 }
        }
        return m
    }

    /// [T·B] whether the output of each (step, row) of processing order is zeros. Outputs as
    /// Keras's TensorFlow backend (and tf_keras) gives them: a masked step repeats the previous
    /// step's output, which is zeros before the row's first real step (not the initial state);
    /// with `zeroOutputForMask` every masked step gives zeros.
    /// - Parameter maskT: [T·B] from `timeMajorMask`
    static func zeroedOutputs(_ maskT: [Bool], batch b: Int, time t: Int, zeroOutputForMask: Bool) -> [Bool] {
        var z = [Bool](repeating: false, count: t * b), started = [Bool](repeating: false, count: b)
        for s in 0..<t {
            for i in 0..<b {
                if maskT[s * b + i] { started[i] = true } else { z[s * b + i] = zeroOutputForMask || !started[i] }
            }
        }
        return z
    }

    /// [T·B] the table row of each (step, row) of processing order.
    /// - Parameter rows: [B·T] table rows, batch-major
    static func timeMajorRows(_ rows: [Int], batch b: Int, time t: Int, goBackwards: Bool) -> [Int] {
        (0..<t * b).map { r in rows[(r % b) * t + (goBackwards ? t - 1 - r / b : r / b)] }
    }

    /// Forward: copies x into processing order with the input-dropout mask applied.
    /// - Parameters:
    ///   - x: [B, T, I]
    ///   - dropout: [B, I] multiplier, or nil
    ///   - xt: [T, B, I] out
    static func timeMajorInput(_ x: Tensor, dropout: Tensor?, into xt: UnsafeMutablePointer<Float>,
                               batch b: Int, time t: Int, features inDim: Int, goBackwards: Bool) {
        x.withUnsafeBufferPointer { px in
            for s in 0..<t {
                let src = goBackwards ? t - 1 - s : s
                for i in 0..<b {
                    (xt + (s * b + i) * inDim).update(from: px.baseAddress! + (i * t + src) * inDim, count: inDim)
                    if let dropout {
                        for j in 0..<inDim { xt[(s * b + i) * inDim + j] *= dropout.scalars[i * inDim + j] }
                    }
                }
            }
        }
    }

    /// Backward of `timeMajorInput`: dL/dx [B, T, I] from dxt [T, B, I] (processing order),
    /// through the input-dropout mask ([B, I] multiplier, or nil).
    static func batchMajorInputGradient(_ dxt: UnsafePointer<Float>, dropout: Tensor?,
                                        batch b: Int, time t: Int, features inDim: Int, goBackwards: Bool) -> Tensor {
        var d = Tensor(shape: [b, t, inDim])
        d.withUnsafeMutableBufferPointer { pd in
            for s in 0..<t {
                let dst = goBackwards ? t - 1 - s : s
                for i in 0..<b {
                    let row = pd.baseAddress! + (i * t + dst) * inDim
                    row.update(from: dxt + (s * b + i) * inDim, count: inDim)
                    if let dropout {
                        for j in 0..<inDim { row[j] *= dropout.scalars[i * inDim + j] }
                    }
                }
            }
        }
        return d
    }

    /// The layer's output from the states `hs` [T + 1, B, H]: [B, T, H] (each step's h, batch-major
    /// in processing order, zeros where `zeroed` [T·B]) when `returnSequences`, else [B, H] the
    /// last step's (zeros for the rows where `lastZeroed` [B]). Its backward adds dL/d(output)
    /// into dL/dh: before the backward loop, or inside it step by step for a sequence.
    static func output(_ hs: FloatBuffer, returnSequences: Bool, zeroed: [Bool]?, lastZeroed: [Bool],
                       batch b: Int, time t: Int, units hu: Int) -> Tensor {
        let bh = b * hu
        var output: Tensor
        if returnSequences {
            output = Tensor(shape: [b, t, hu])
            output.withUnsafeMutableBufferPointer { po in
                for s in 0..<t {
                    for i in 0..<b where zeroed?[s * b + i] != true {
                        (po.baseAddress! + (i * t + s) * hu).update(from: hs.pointer + (s + 1) * bh + i * hu, count: hu)
                    }
                }
            }
        } else {
            output = hs.tensor([b, hu], offset: t * bh)
            for i in 0..<b where lastZeroed[i] {
                for j in 0..<hu { output.scalars[i * hu + j] = 0 }
            }
        }
        return output
    }
}
