import CHDF5
import ZooSupport

/// How float datasets are stored in a file: IEEE float32, or IEEE half precision (sign, 5-bit
/// exponent with bias 15, 10-bit mantissa), halving the file at ~3 significant digits.
public enum HDF5FloatStorage: Sendable {
    case float32
    case float16

    /// The file datatype (a handle to close).
    func fileType(what: String) throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tcopy(zoo_h5t_ieee_f32le()), close: H5Tclose, "\(what): cannot copy the float type")
        guard self == .float16 else { return type }
        try HDF5Library.check(H5Tset_fields(type.id, 15, 10, 5, 0, 10), "\(what): float16 fields")
        try HDF5Library.check(H5Tset_size(type.id, 2), "\(what): float16 size")
        try HDF5Library.check(H5Tset_ebias(type.id, 15), "\(what): float16 exponent bias")
        return type
    }
}
