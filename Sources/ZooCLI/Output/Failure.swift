import ArgumentParser
import Foundation
import ZooCatalog
import ZooCore

/// How every command reports a failure: one line `zoo <command>: <problem>` on stderr and
/// exit status 1.
enum Failure {
    static func guarding<R>(_ command: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ZooError {
            report(command, error.message)
        } catch let error as ExitCode {
            throw error
        } catch {
            report(command, SystemReason.text(error))
        }
        throw ExitCode(1)
    }

    /// Writes the one line; a message that spans lines is joined into one, and control
    /// characters (a registry's or a file's names can carry terminal escapes) are escaped.
    static func report(_ command: String, _ message: String) {
        let line = TerminalText.escaped(message.split(whereSeparator: \.isNewline).joined(separator: " "))
        FileHandle.standardError.write(Data("zoo \(command): \(line)\n".utf8))
    }
}
