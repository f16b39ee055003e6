import Foundation

/// Runs libarchive calls with the calling thread's character type set to UTF-8.
///
/// libarchive converts member paths between the archive's charset and the current locale's. A
/// Swift program runs in the "C" locale, where any non-ASCII path fails to convert; switching only
/// the calling thread (`uselocale`) to C.UTF-8 keeps paths as UTF-8 without touching the process.
enum UTF8Locale {
    /// Runs `body` with the thread's LC_CTYPE set to C.UTF-8 (left as is if that locale is missing).
    static func run<T>(_ body: () throws -> T) rethrows -> T {
        guard let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else {
            return try body()
        }
        defer { freelocale(utf8) }
        let previous = uselocale(utf8)
        defer { uselocale(previous) }
        return try body()
    }
}
