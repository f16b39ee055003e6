import Foundation

/// How errors name an operating-system failure: the C library's text for `errno`, starting
/// lowercase so that it reads as part of one line ("…/weights.bin: no space left on device").
public enum SystemReason {
    /// The text for the error number `code` (`strerror`).
    public static func text(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// One line for a Foundation error from a file operation: "PATH: REASON" with the errno's
    /// text when the error carries them, else its description.
    public static func text(_ error: Error) -> String {
        let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String
        return path.map { "\($0): \(reason(error))" } ?? reason(error)
    }

    /// The reason alone (no path): the errno's text when the error carries one, a Foundation
    /// error's description, else the error's own text — on one line.
    public static func reason(_ error: Error) -> String {
        let bridged = error as NSError
        let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError
        let text: String
        if bridged.domain == NSPOSIXErrorDomain {
            text = self.text(Int32(bridged.code))
        } else if let underlying, underlying.domain == NSPOSIXErrorDomain {
            text = self.text(Int32(underlying.code))
        } else if bridged.domain == NSCocoaErrorDomain {
            text = bridged.localizedDescription
        } else {
            text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
