import CHDF5
import ZooSupport

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

    /// Refuses a dataset whose values libhdf5 would take from outside this file: external raw
    /// storage (any local file named in the header) or a virtual dataset (other files' datasets).
    func checkSource() throws {
        let dcpl = try HDF5Handle(H5Dget_create_plist(handle.id), close: H5Pclose, "\(label): unreadable properties")
        let external = H5Pget_external_count(dcpl.id)
        try HDF5Library.check(external, "\(label): unreadable storage properties")
        guard external == 0 else { throw ZooError("\(label): refused: its values are stored in \(external) external file(s)") }
        guard H5Pget_layout(dcpl.id) != H5D_VIRTUAL else {
            throw ZooError("\(label): refused: a virtual dataset (its values come from other files)")
        }
    }

    /// All values as float32, row-major. Integer and float64 data are converted by libhdf5.
    /// With `expected`, a dataset of another shape is refused before anything is read. Before
    /// anything is allocated, the storage must be able to hold the shape (`checkStorage`) and the
    /// file's allowance must cover the values (`HDF5File.spend`); the values are then decoded in
    /// an isolated child process (`HDF5Isolation`) that sends them back.
    public func readFloats(expecting expected: [Int]? = nil) throws -> [Float] {
        let shape = try shape()
        if let expected, shape != expected {
            throw ZooError("\(label): has shape \(Shape.describe(shape)), expected \(Shape.describe(expected))")
        }
        try checkSource()
        let count = try checkStorage(shape: shape)
        try file.spend(count * 4, what: label)
        var values = [Float](repeating: 0, count: count)
        if count == 0 { return values }
        if HDF5Isolation.inChild {
            try values.withUnsafeMutableBytes { try read(into: $0.baseAddress!) }
            return values
        }
        let what = label
        let (status, message) = try HDF5Isolation.run(what, limits: .decoding(bytes: count * 4), child: { fd in
            // Framing: 0 and the values' bytes, or 1 and an error message.
            var marker: UInt8 = 0
            do {
                try values.withUnsafeMutableBytes { try read(into: $0.baseAddress!) }
                guard HDF5Isolation.writeAll(fd, &marker, 1) else { return 2 }
                return values.withUnsafeBytes { HDF5Isolation.writeAll(fd, $0.baseAddress!, $0.count) } ? 0 : 2
            } catch {
                marker = 1
                let text = Array(((error as? ZooError)?.message ?? "\(what): cannot read the data").utf8)
                _ = HDF5Isolation.writeAll(fd, &marker, 1)
                _ = text.withUnsafeBytes { HDF5Isolation.writeAll(fd, $0.baseAddress!, $0.count) }
                return 1
            }
        }, receive: { fd -> String? in
            var marker: UInt8 = 2
            guard withUnsafeMutableBytes(of: &marker, { HDF5Isolation.fill($0, from: fd) }) == 1 else { return "" }
            if marker == 1 { return String(decoding: HDF5Isolation.drain(fd), as: UTF8.self) }
            let got = values.withUnsafeMutableBytes { HDF5Isolation.fill($0, from: fd) }
            return got == count * 4 ? nil : ""
        })
        if let message {
            throw ZooError(message.isEmpty ? "\(what): cannot read the data (the reading process ended with status \(status))"
                                           : message.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return values
    }

    /// Checks, before anything is read or allocated, that the values of `shape` are numbers this
    /// file holds: at most `Shape.maxElements` of them; contiguous data lies inside the file;
    /// chunked (possibly compressed) data has chunks no larger than the dataset. Returns the
    /// number of values.
    private func checkStorage(shape: [Int]) throws -> Int {
        let type = try HDF5Handle(H5Dget_type(handle.id), close: H5Tclose, "\(label): unreadable type")
        let typeClass = H5Tget_class(type.id)
        let typeSize = H5Tget_size(type.id)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER, typeSize > 0, typeSize <= 16 else {
            throw ZooError("\(label): not a numeric dataset")
        }
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= Shape.maxElements else { throw ZooError("\(label): shape \(Shape.describe(shape)) is too large") }
            count = p
        }
        if count == 0 { return 0 }
        let needed = UInt64(count) * UInt64(typeSize)
        let dcpl = try HDF5Handle(H5Dget_create_plist(handle.id), close: H5Pclose, "\(label): unreadable properties")
        switch H5Pget_layout(dcpl.id) {
        case H5D_CONTIGUOUS:
            let stored = H5Dget_storage_size(handle.id)
            guard stored >= needed else { throw ZooError("\(label): holds \(stored) bytes but shape \(Shape.describe(shape)) needs \(needed)") }
            let offset = UInt64(H5Dget_offset(handle.id))
            guard offset != UInt64.max, offset <= UInt64(file.size), needed <= UInt64(file.size) - offset else {
                throw ZooError("\(label): its \(needed) bytes at offset \(offset) lie outside the \(file.size)-byte file")
            }
        case H5D_CHUNKED:
            var chunk = [hsize_t](repeating: 0, count: 32)
            let rank = H5Pget_chunk(dcpl.id, Int32(chunk.count), &chunk)
            guard Int(rank) == shape.count, zip(chunk, shape).allSatisfy({ $0 >= 1 && $0 <= max(hsize_t($1), 1) }) else {
                throw ZooError("\(label): chunks of \(Array(chunk.prefix(max(Int(rank), 0)))) do not fit shape \(Shape.describe(shape))")
            }
        case H5D_COMPACT:
            break
        default:
            throw ZooError("\(label): unsupported storage layout")
        }
        return count
    }

    /// Decodes the values into `buffer` (room for every value as float32).
    private func read(into buffer: UnsafeMutableRawPointer) throws {
        try HDF5Library.check(H5Dread(handle.id, zoo_h5t_native_float(), zoo_h5s_all(), zoo_h5s_all(), zoo_h5p_default(), buffer),
                              "\(label): cannot read the data")
    }
}
