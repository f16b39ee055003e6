import CHDF5
import ZooSupport

/// Process-wide libhdf5 setup and error reporting. libhdf5 prints its error stack to stderr by
/// default; that is switched off once, and the innermost message of the stack is folded into the
/// one-line error we throw instead.
enum HDF5Library {
    /// Opens the library, silences its automatic error printing and switches off its dynamic
    /// plugins (filters libhdf5 would load as shared libraries from HDF5_PLUGIN_PATH when a file
    /// names one: a file must not choose code to run). Idempotent.
    static let ready: Void = {
        H5open()
        H5Eset_auto2(zoo_h5e_default(), nil, nil)
        H5PLset_loading_state(0)
    }()

    /// The innermost description on libhdf5's current error stack ("file signature not found"),
    /// or nil when the stack is empty. Clears the stack.
    static func lastMessage() -> String? {
        var text: String?
        withUnsafeMutablePointer(to: &text) { slot in
            _ = H5Ewalk2(zoo_h5e_default(), H5E_WALK_UPWARD, { n, entry, client in
                guard n == 0, let entry, let desc = entry.pointee.desc, let client else { return 0 }
                client.assumingMemoryBound(to: String?.self).pointee = String(cString: desc)
                return 0
            }, slot)
        }
        H5Eclear2(zoo_h5e_default())
        return text
    }

    /// A failure as one line: what we were doing (naming the file and the object path), then
    /// libhdf5's own reason when it gave one.
    static func error(_ what: String) -> ZooError {
        ZooError(lastMessage().map { "\(what) (\($0))" } ?? what)
    }

    /// Throws `error(what)` when a libhdf5 call returned a negative status or identifier.
    static func check<T: BinaryInteger>(_ status: T, _ what: @autoclosure () -> String) throws {
        if status < 0 { throw error(what()) }
    }
}
