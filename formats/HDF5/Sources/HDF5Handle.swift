import CHDF5

/// Owns one libhdf5 identifier and closes it when the last reference goes, so every handle is
/// closed on every path, including thrown errors.
final class HDF5Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    /// Takes ownership of `id`; throws (naming `what`) when libhdf5 returned an invalid one.
    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t, _ what: @autoclosure () -> String) throws {
        try HDF5Library.check(id, what())
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}
