import ZooCore

/// Keras GRU cell, gate blocks z, r, h (G = 3), both `reset_after` modes.
///
/// reset_after = true (bias [2, 3H]: input bias, recurrent bias):
///   mx = x·K + b₀, mh = h·R + b₁; z = σ(mx_z + mh_z), r = σ(mx_r + mh_r),
///   ĥ = φ(mx_h + r·mh_h), h' = z·h + (1 − z)·ĥ.          Extra per row: mh_h [H].
/// reset_after = false (bias [3H]):
///   mx = x·K + b; z = σ(mx_z + h·R_z), r = σ(mx_r + h·R_r), ĥ = φ(mx_h + (r·h)·R_h).
///   Extra per row: r·h [H].
/// With recurrent dropout the masked h feeds the recurrent products only; the z·h term uses h.
public struct GRUCell: RecurrentCell {
    public static let kerasClassName = "GRU"
    public static let kerasCellName = "gru_cell"
    public static let gateCount = 3
    public static let stateCount = 1

    public var units: Int
    public var activation: Activation
    public var recurrentActivation: Activation
    public var useBias: Bool
    public var resetAfter: Bool

    public var biasShape: [Int] { resetAfter ? [2, 3 * units] : [3 * units] }
    public var recurrentBiasOffset: Int? { resetAfter ? 3 * units : nil }
    public var extraWidth: Int { units }
    /// ONNX GRU: gates z, r, h as Keras's; `linear_before_reset` is `reset_after`.
    public var onnxOperator: RecurrentONNXOperator? {
        RecurrentONNXOperator(opType: "GRU", gateOrder: [0, 1, 2], activations: [recurrentActivation, activation],
                              intAttributes: ["linear_before_reset": resetAfter ? 1 : 0])
    }

    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                useBias: Bool = true, resetAfter: Bool = true) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.resetAfter = resetAfter
    }

    public init(config: LayerConfig) throws {
        self.init(units: try config.extent("units"),
                  activation: try config.activation("activation", default: "tanh"),
                  recurrentActivation: try config.activation("recurrent_activation", default: "sigmoid"),
                  useBias: try config.bool("use_bias", default: true),
                  resetAfter: try config.bool("reset_after", default: true))
    }

    public func writeConfig(into config: inout LayerConfig) {
        config["units"] = .number(Double(units))
        config["activation"] = .string(activation.kerasName)
        config["recurrent_activation"] = .string(recurrentActivation.kerasName)
        config["use_bias"] = .bool(useBias)
        config["reset_after"] = .bool(resetAfter)
    }

    public func initialBias(using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: biasShape)
    }

    /// reset_after true: every unit's gate math needs only its own columns of h·R.
    public var runsOnUnitSlices: Bool { resetAfter }
    /// d(h·R) differs from d(gates) in the candidate block (r scales mh_h).
    public var separateRecurrentGradient: Bool { true }
    public var readsInputRows: Bool { resetAfter && usesFusedKernel }
    /// The C kernels cover sigmoid gates with a tanh candidate (reset_after).
    var usesFusedKernel: Bool { activation == .tanh && recurrentActivation == .sigmoid }

    public func forward(_ s: CellForwardStep) {
        if resetAfter { return forwardWholeStep(s) }
        let h = units, g3 = 3 * units
        let zr = s.scratch
        s.packed.sgemm(transB: false, m: s.batch, n: 2 * h, k: h, alpha: 1,
                      a: s.hRec, lda: h, b: s.recurrentKernel, ldb: g3, beta: 0, c: zr, ldc: 2 * h)
        for r in 0..<s.batch {
            let x = s.gates + r * g3, rh = s.extra + r * h, hr = s.hRec + r * h
            CellKernels.add(zr + r * 2 * h, into: x, count: 2 * h)
            recurrentActivation.apply(x, x, count: 2 * h, rowLength: h)
            for j in 0..<h { rh[j] = x[h + j] * hr[j] }
        }
        s.packed.sgemm(transB: false, m: s.batch, n: h, k: h, alpha: 1,
                      a: s.extra, lda: h, b: s.recurrentKernel + 2 * h, ldb: g3, beta: 1, c: s.gates + 2 * h, ldc: g3)
        for r in 0..<s.batch {
            let x = s.gates + r * g3
            activation.apply(x + 2 * h, x + 2 * h, count: h, rowLength: h)
            blend(z: x, hh: x + 2 * h, hPrev: s.hPrev + r * h, out: s.h + r * h, units: 0..<h)
        }
    }

    /// out = z·hPrev + (1 − z)·ĥ over the units U of one row.
    @inline(__always)
    private func blend(z: UnsafePointer<Float>, hh: UnsafePointer<Float>, hPrev: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                       units u: Range<Int>) {
        for j in u { out[j] = z[j] * hPrev[j] + (1 - z[j]) * hh[j] }
    }

    public func backward(_ s: CellBackwardStep) {
        if resetAfter { return backwardWholeStep(s) }
        let h = units, g3 = 3 * units
        for r in 0..<s.batch {
            let x = s.gates + r * g3, dh = s.dh + r * h, hp = s.hPrev + r * h, dhp = s.dhPrev + r * h
            let tmp = s.scratch + r * g3
            blendBackward(x: x, dh: dh, hPrev: hp, dhPrev: dhp, tmp: tmp, units: 0..<h)
        }
        // d(rh) = dĥ_pre·R_hᵀ; dr = d(rh)·hRec through σ; dhRec += d(rh)·r + [dz, dr]·R_zrᵀ
        let drh = s.scratch
        s.packed.sgemm(transB: true, m: s.batch, n: h, k: h, alpha: 1,
                       a: s.gates + 2 * h, lda: g3, b: s.recurrentKernel + 2 * h, ldb: g3, beta: 0, c: drh, ldc: h)
        for r in 0..<s.batch {
            let x = s.gates + r * g3, hr = s.hRec + r * h, d = drh + r * h, dhr = s.dhRec + r * h
            for j in 0..<h {
                let rr = x[h + j]
                dhr[j] += d[j] * rr
                d[j] *= hr[j]
            }
            recurrentActivation.backward(output: x + h, gradOutput: d, gradInput: x + h, count: h, rowLength: h)
        }
        s.packed.sgemm(transB: true, m: s.batch, n: h, k: 2 * h, alpha: 1,
                       a: s.gates, lda: g3, b: s.recurrentKernel, ldb: g3, beta: 1, c: s.dhRec, ldc: h)
    }

    /// reset_after true. `recurrent` [B, 3·|U|]: h·R for the z, r and candidate columns of U.
    public func forwardUnits(_ s: CellForwardStep, units u: Range<Int>, recurrent: UnsafePointer<Float>) {
        let h = units, g3 = 3 * units, w = u.count, u0 = u.lowerBound
        let rb = s.recurrentBias
        if usesFusedKernel { return CellKernels.gruForward(s, units: h, slice: u, recurrent: recurrent) }
        for r in 0..<s.batch {
            let x = s.gates + r * g3, m = recurrent + r * 3 * w, mhh = s.extra + r * h
            for gate in 0..<2 {
                let xg = x + gate * h
                for (k, j) in u.enumerated() { xg[j] += m[gate * w + k] + (rb?[gate * h + j] ?? 0) }
                recurrentActivation.apply(xg + u0, xg + u0, count: w, rowLength: w)
            }
            for (k, j) in u.enumerated() {
                mhh[j] = m[2 * w + k] + (rb?[2 * h + j] ?? 0)
                x[2 * h + j] += x[h + j] * mhh[j]
            }
            activation.apply(x + 2 * h + u0, x + 2 * h + u0, count: w, rowLength: w)
            blend(z: x, hh: x + 2 * h, hPrev: s.hPrev + r * h, out: s.h + r * h, units: u)
        }
    }

    /// reset_after true: d(mh) = [dz, dr, dĥ_pre·r] goes to `s.recurrentGradient`; `extra` becomes
    /// dĥ_pre·r (what `recurrentGradients` reads for the recurrent bias and R_h).
    public func backwardUnits(_ s: CellBackwardStep, units u: Range<Int>) {
        let h = units, g3 = 3 * units, w = u.count, u0 = u.lowerBound
        if usesFusedKernel { return CellKernels.gruBackward(s, units: h, slice: u) }
        for r in 0..<s.batch {
            let x = s.gates + r * g3, mhh = s.extra + r * h, tmp = s.scratch + r * g3, dm = s.recurrentGradient + r * g3
            blendBackward(x: x, dh: s.dh + r * h, hPrev: s.hPrev + r * h, dhPrev: s.dhPrev + r * h, tmp: tmp, units: u)
            // dr = dĥ_pre·mh_h through σ
            for j in u {
                let rr = x[h + j], dhh = x[2 * h + j]
                tmp[h + j] = dhh * mhh[j]
                mhh[j] = dhh * rr
            }
            recurrentActivation.backward(output: x + h + u0, gradOutput: tmp + h + u0, gradInput: x + h + u0, count: w, rowLength: w)
            (dm + u0).update(from: x + u0, count: w)
            (dm + h + u0).update(from: x + h + u0, count: w)
            (dm + 2 * h + u0).update(from: mhh + u0, count: w)
        }
    }

    /// Through h' = z·hPrev + (1 − z)·ĥ for units U: dz_pre into x's z block, dĥ_pre into its
    /// candidate block, dhPrev (direct part) = dh·z.
    private func blendBackward(x: UnsafeMutablePointer<Float>, dh: UnsafePointer<Float>, hPrev: UnsafePointer<Float>,
                               dhPrev: UnsafeMutablePointer<Float>, tmp: UnsafeMutablePointer<Float>, units u: Range<Int>) {
        let h = units, w = u.count, u0 = u.lowerBound
        for j in u {
            let z = x[j], hh = x[2 * h + j]
            tmp[j] = dh[j] * (hPrev[j] - hh)
            tmp[2 * h + j] = dh[j] * (1 - z)
            dhPrev[j] = dh[j] * z
        }
        recurrentActivation.backward(output: x + u0, gradOutput: tmp + u0, gradInput: x + u0, count: w, rowLength: w)
        activation.backward(output: x + 2 * h + u0, gradOutput: tmp + 2 * h + u0, gradInput: x + 2 * h + u0, count: w, rowLength: w)
    }

    public func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                                   extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                                   dRecurrentBias: UnsafeMutablePointer<Float>?) {
        let h = units, g3 = 3 * units
        Gemm.sgemm(transA: true, transB: false, m: h, n: 2 * h, k: n, alpha: 1,
                   a: hRec, lda: h, b: gradGates, ldb: g3, beta: 1, c: dR, ldc: g3)
        if resetAfter {
            Gemm.sgemm(transA: true, transB: false, m: h, n: h, k: n, alpha: 1,
                       a: hRec, lda: h, b: extra, ldb: h, beta: 1, c: dR + 2 * h, ldc: g3)
            if let db = dRecurrentBias {
                for r in 0..<n {
                    CellKernels.add(gradGates + r * g3, into: db, count: 2 * h)
                    CellKernels.add(extra + r * h, into: db + 2 * h, count: h)
                }
            }
        } else {
            Gemm.sgemm(transA: true, transB: false, m: h, n: h, k: n, alpha: 1,
                       a: extra, lda: h, b: gradGates + 2 * h, ldb: g3, beta: 1, c: dR + 2 * h, ldc: g3)
        }
    }
}
