/// The value of an HDF5 attribute as Keras files use them: a string (scalar, variable- or
/// fixed-length, ASCII or UTF-8), an array of strings, or numbers (any rank, flattened).
public enum HDF5AttributeValue: Equatable, Sendable {
    case string(String)
    case strings([String])
    case numbers([Double])

    /// The strings of a string or string-array value; an empty numeric array (how h5py stores an
    /// empty `weight_names`) counts as no strings.
    public var stringList: [String]? {
        switch self {
        case .string(let s): return [s]
        case .strings(let s): return s
        case .numbers(let n): return n.isEmpty ? [] : nil
        }
    }

    /// The scalar string, or the single element of a one-element string array.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .strings(let s): return s.count == 1 ? s[0] : nil
        case .numbers: return nil
        }
    }
}
