import Foundation

/// Ctrl-C (SIGINT) during `zoo train`: the handler only raises a flag; the trainer looks at it
/// after each batch and stops, so no checkpoint write is cut short and the last one stays.
enum Interrupt {
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    /// Installs the handler; returns the check the trainer calls.
    static func install() -> () -> Bool {
        signal(SIGINT) { _ in Interrupt.raised = 1 }
        return { Interrupt.raised != 0 }
    }
}
