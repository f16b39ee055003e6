import CHDF5
import ZooCore

/// A numeric dataset: its shape and its values converted to float32 by libhdf5.
public final class HDF5Dataset {
    public let file: HDF5File
    /// The absolute object path.
    public let path: String
    let handle: HDF5Handle

    init(file: HDF5File, path: String, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    /// "file.h5: /layers/dense/vars/0" — how errors name this dataset.
    public var label: String { "\(file.name): \(path)" }

    /// The dims (`[]` for a scalar).
    public func shape() throws -> [Int] {
        let space = try HDF5Handle(H5Dget_space(handle.id), close: H5Sclose, "\(label): unreadable dataspace")
        return try HDF5Dataspace.shape(of: space, what: label)
    }

    /// All values as float32, row-major. Integer and float64 data are converted by libhdf5. A
    /// dataset whose stored bytes cannot hold its shape (a damaged file) is refused before
    /// anything is allocated.
    public func readFloats() throws -> [Float] {
        let shape = try shape()
        let type = try HDF5Handle(H5Dget_type(handle.id), close: H5Tclose, "\(label): unreadable type")
        let typeClass = H5Tget_class(type.id)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
            throw ZooError("\(label): not a numeric dataset")
        }
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= 1 << 34 else { throw ZooError("\(label): shape \(shape) is too large") }
            count = p
        }
        let needed = UInt64(count) * UInt64(H5Tget_size(type.id))
        let dcpl = try HDF5Handle(H5Dget_create_plist(handle.id), close: H5Pclose, "\(label): unreadable properties")
        if H5Pget_nfilters(dcpl.id) == 0, count > 0, H5Dget_storage_size(handle.id) < needed {
            throw ZooError("\(label): holds \(H5Dget_storage_size(handle.id)) bytes but shape \(shape) needs \(needed)")
        }
        var values = [Float](repeating: 0, count: count)
        if count == 0 { return values }
        try values.withUnsafeMutableBytes { raw in
            try HDF5Library.check(H5Dread(handle.id, zoo_h5t_native_float(), zoo_h5s_all(), zoo_h5s_all(), zoo_h5p_default(), raw.baseAddress),
                                  "\(label): cannot read the data")
        }
        return values
    }
}
