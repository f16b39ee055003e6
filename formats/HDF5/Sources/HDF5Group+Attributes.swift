import CHDF5
import Foundation
import ZooSupport

/// Attributes of a group (the file's root attributes are those of "/").
extension HDF5Group {
    /// The attribute names in name order.
    public func attributeNames() throws -> [String] {
        var names: [String] = []
        var index: hsize_t = 0
        while true {
            let length = H5Aget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, zoo_h5p_default())
            if length < 0 {
                _ = HDF5Library.lastMessage()
                return names
            }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try HDF5Library.check(H5Aget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, zoo_h5p_default()),
                                  "\(label): cannot read attribute \(index)'s name")
            names.append(String(cString: buffer))
            index += 1
        }
    }

    public func hasAttribute(_ name: String) -> Bool {
        let r = H5Aexists(handle.id, name)
        if r < 0 { _ = HDF5Library.lastMessage() }
        return r > 0
    }

    /// The attribute `name`, or nil when the group has none of that name.
    public func attribute(_ name: String) throws -> HDF5AttributeValue? {
        guard hasAttribute(name) else { return nil }
        let what = "\(label): attribute '\(name)'"
        let attr = try HDF5Handle(H5Aopen(handle.id, name, zoo_h5p_default()), close: H5Aclose, "\(what): cannot open")
        let type = try HDF5Handle(H5Aget_type(attr.id), close: H5Tclose, "\(what): unreadable type")
        let space = try HDF5Handle(H5Aget_space(attr.id), close: H5Sclose, "\(what): unreadable dataspace")
        let shape = try HDF5Dataspace.shape(of: space, what: what)
        let count = shape.reduce(1) { $0 &* $1 }
        guard count >= 0, count <= 1 << 20 else { throw ZooError("\(what): \(shape) elements is too many") }
        switch H5Tget_class(type.id) {
        case H5T_STRING:
            let strings = try H5Tis_variable_str(type.id) > 0
                ? readVariableStrings(attr, type: type, space: space, count: count, what: what)
                : readFixedStrings(attr, type: type, count: count, what: what)
            return shape.isEmpty ? .string(strings.first ?? "") : .strings(strings)
        case H5T_FLOAT, H5T_INTEGER:
            var values = [Double](repeating: 0, count: count)
            if count > 0 {
                try values.withUnsafeMutableBytes { raw in
                    try HDF5Library.check(H5Aread(attr.id, zoo_h5t_native_double(), raw.baseAddress), "\(what): cannot read")
                }
            }
            return .numbers(values)
        default:
            throw ZooError("\(what): unsupported attribute type (strings and numbers are read)")
        }
    }

    /// Variable-length strings live in the file's global heap, and libhdf5 1.10 converts them
    /// without checking the heap index the file gives (`H5HG_read` copies from `obj[index]`
    /// whatever the table holds): a damaged index makes it copy from a wild pointer, which crashes
    /// or not depending on what lies in memory — so the whole-file probe, another process, can
    /// survive a string that crashes this one. The conversion therefore always runs in a child
    /// process (`HDF5Isolation`) that sends the strings back; a crash there is a one-line error.
    private func readVariableStrings(_ attr: HDF5Handle, type: HDF5Handle, space: HDF5Handle, count: Int, what: String) throws -> [String] {
        let memType = try stringType(variable: true, utf8: H5Tget_cset(type.id) == H5T_CSET_UTF8, what: what)
        if HDF5Isolation.inChild {
            return try readVariableStringsInPlace(attr, memType: memType, space: space, count: count, what: what).map { $0 ?? "" }
        }
        let (status, output) = try HDF5Isolation.run(what, limits: .strings, child: { fd in
            // Framing: 0, then per string its UTF-8 length (UInt64, little-endian; all ones for a
            // null pointer) and bytes; or 1 and an error message.
            var marker: UInt8 = 0
            do {
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                try HDF5Library.check(H5Aread(attr.id, memType.id, &pointers), "\(what): cannot read")
                guard HDF5Isolation.writeAll(fd, &marker, 1) else { return 2 }
                for pointer in pointers {
                    var length = (pointer.map { UInt64(strlen($0)) } ?? .max).littleEndian
                    guard HDF5Isolation.writeAll(fd, &length, 8) else { return 2 }
                    if let pointer, !HDF5Isolation.writeAll(fd, pointer, strlen(pointer)) { return 2 }
                }
                return 0
            } catch {
                marker = 1
                let message = Array(((error as? ZooError)?.message ?? "\(what): cannot read").utf8)
                _ = HDF5Isolation.writeAll(fd, &marker, 1)
                _ = message.withUnsafeBytes { HDF5Isolation.writeAll(fd, $0.baseAddress!, $0.count) }
                return 1
            }
        }, receive: HDF5Isolation.drain)
        if status == 1, output.first == 1 {
            throw ZooError(String(decoding: output.dropFirst(), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        guard status == 0, output.first == 0 else {
            throw ZooError("\(what): cannot read (the reading process ended with status \(status))")
        }
        var strings: [String] = []
        strings.reserveCapacity(count)
        var at = 1
        for _ in 0..<count {
            guard output.count - at >= 8 else { throw ZooError("\(what): cannot read (incomplete strings)") }
            let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(output[at + $1]) << (8 * UInt64($1)) }
            at += 8
            if length == .max {
                strings.append("")
                continue
            }
            guard length <= UInt64(output.count - at) else { throw ZooError("\(what): cannot read (incomplete strings)") }
            strings.append(String(decoding: output[at..<(at + Int(length))], as: UTF8.self))
            at += Int(length)
        }
        guard at == output.count else { throw ZooError("\(what): cannot read (unexpected bytes after the strings)") }
        return strings
    }

    /// The libhdf5 conversion itself, in this process (only in an isolated child).
    private func readVariableStringsInPlace(_ attr: HDF5Handle, memType: HDF5Handle, space: HDF5Handle, count: Int, what: String) throws -> [String?] {
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        try HDF5Library.check(H5Aread(attr.id, memType.id, &pointers), "\(what): cannot read")
        defer { _ = H5Dvlen_reclaim(memType.id, space.id, zoo_h5p_default(), &pointers) }
        return pointers.map { $0.map { String(cString: $0) } }
    }

    private func readFixedStrings(_ attr: HDF5Handle, type: HDF5Handle, count: Int, what: String) throws -> [String] {
        let size = H5Tget_size(type.id)
        guard size > 0, size <= 1 << 20 else { throw ZooError("\(what): fixed-length string of \(size) bytes") }
        let memType = try HDF5Handle(H5Tcopy(type.id), close: H5Tclose, "\(what): type")
        var bytes = [UInt8](repeating: 0, count: count * size)
        try bytes.withUnsafeMutableBytes { raw in
            try HDF5Library.check(H5Aread(attr.id, memType.id, raw.baseAddress), "\(what): cannot read")
        }
        return (0..<count).map { i in
            var chunk = bytes[(i * size)..<((i + 1) * size)]
            while let last = chunk.last, last == 0 || last == 0x20 { chunk = chunk.dropLast() }
            return String(decoding: chunk, as: UTF8.self)
        }
    }

    /// A variable- or fixed-length C string type with the given character set.
    private func stringType(variable: Bool, utf8: Bool, what: String) throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tcopy(zoo_h5t_c_s1()), close: H5Tclose, "\(what): string type")
        try HDF5Library.check(H5Tset_size(type.id, zoo_h5t_variable()), "\(what): string type")
        try HDF5Library.check(H5Tset_cset(type.id, utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "\(what): string type")
        return type
    }

    /// Writes (replacing) an attribute: strings as variable-length strings (UTF-8 or ASCII
    /// character set, as Keras marks them), numbers as a 1-D float64 array.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue, utf8: Bool = false) throws {
        let what = "\(label): attribute '\(name)'"
        if hasAttribute(name) { try HDF5Library.check(H5Adelete(handle.id, name), "\(what): cannot replace") }
        switch value {
        case .string(let s):
            try writeStrings(name, [s], shape: [], utf8: utf8, what: what)
        case .strings(let s):
            try writeStrings(name, s, shape: [s.count], utf8: utf8, what: what)
        case .numbers(let n):
            let space = try HDF5Dataspace.create(shape: [n.count], what: what)
            let attr = try HDF5Handle(H5Acreate2(handle.id, name, zoo_h5t_ieee_f64le(), space.id, zoo_h5p_default(), zoo_h5p_default()),
                                      close: H5Aclose, "\(what): cannot create")
            if n.isEmpty { return }
            try n.withUnsafeBytes { raw in
                try HDF5Library.check(H5Awrite(attr.id, zoo_h5t_native_double(), raw.baseAddress), "\(what): cannot write")
            }
        }
    }

    private func writeStrings(_ name: String, _ strings: [String], shape: [Int], utf8: Bool, what: String) throws {
        let type = try stringType(variable: true, utf8: utf8, what: what)
        let space = try HDF5Dataspace.create(shape: shape, what: what)
        let attr = try HDF5Handle(H5Acreate2(handle.id, name, type.id, space.id, zoo_h5p_default(), zoo_h5p_default()),
                                  close: H5Aclose, "\(what): cannot create")
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        try pointers.withUnsafeBytes { raw in
            try HDF5Library.check(H5Awrite(attr.id, type.id, raw.baseAddress), "\(what): cannot write")
        }
    }
}
