/// A Keras tensor in an ONNX graph: the ONNX value's name, its static shape (batch first, nil
/// = a symbolic dim) and, when Keras carries a mask with the tensor, the name of that mask as a
/// bool [B, T] (true = a real step).
struct ONNXValue {
    var name: String
    var shape: [Int?]
    var mask: String?
}
