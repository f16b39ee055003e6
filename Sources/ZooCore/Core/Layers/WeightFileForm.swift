/// How a file of another layer class stores a weight that this layer holds in its own layout —
/// CuDNNLSTM's kernels in cuDNN's per-gate order and its bias as two halves, say. The reader reads
/// the dataset in `shape` and assigns `convert` of its values (row-major) to the weight.
public struct WeightFileForm: Sendable {
    /// The weight's shape in the file.
    public let shape: [Int]
    /// The file's layer class ("CuDNNLSTM"), for error lines.
    public let source: String
    /// The file's values, row-major in `shape`, to the weight's, row-major in its own shape.
    public let convert: @Sendable ([Float]) -> [Float]

    public init(shape: [Int], source: String, convert: @escaping @Sendable ([Float]) -> [Float]) {
        self.shape = shape
        self.source = source
        self.convert = convert
    }
}
