import Foundation

/// How errors name an operating-system failure: the C library's text for `errno`, starting
/// lowercase so that it reads as part of one line ("…/weights.bin: no space left on device").
enum SystemReason {
    /// The text for the error number `code` (`strerror`).
    static func text(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// One line for a Foundation error from a file operation: "PATH: REASON" with the errno's
    /// text when the error carries them, else its description.
    static func text(_ error: Error) -> String {
        let error = error as NSError
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        let reason: String
        if error.domain == NSPOSIXErrorDomain {
            reason = text(Int32(error.code))
        } else if let underlying, underlying.domain == NSPOSIXErrorDomain {
            reason = text(Int32(underlying.code))
        } else {
            reason = error.localizedDescription
        }
        return (error.userInfo[NSFilePathErrorKey] as? String).map { "\($0): \(reason)" } ?? reason
    }
}
