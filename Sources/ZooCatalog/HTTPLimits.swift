import Foundation

/// How long an HTTP request may take, so that no server (a stalled one, or one trickling a byte
/// every few seconds) can hold a fetch for longer than a bound the user sets:
///
/// - `window` (`$ZOO_HTTP_TIMEOUT` seconds, default 15): a request fails when no byte arrives
///   for a whole window, while connecting or in the middle of a body;
/// - `minimumRate` (`$ZOO_HTTP_MIN_RATE` bytes per second, default 1024; 0 turns it off): and
///   when fewer than `minimumRate × window` bytes arrive in one window;
/// - `deadline` (`$ZOO_HTTP_DEADLINE` seconds, default 3600): and when it is not finished after
///   that long, however fast it goes.
///
/// A request stopped by a limit keeps what it wrote, so the next fetch resumes it.
struct HTTPLimits: Sendable {
    let window: TimeInterval
    let minimumRate: Double
    let deadline: TimeInterval

    /// The limits from the environment; an unset, unreadable or out-of-range value is the default.
    init(environment: [String: String]) {
        func value(_ key: String, _ fallback: Double, allowZero: Bool = false) -> Double {
            guard let number = environment[key].flatMap(Double.init), number.isFinite, number > 0 || (allowZero && number == 0) else { return fallback }
            return number
        }
        window = value("ZOO_HTTP_TIMEOUT", 15)
        minimumRate = value("ZOO_HTTP_MIN_RATE", 1024, allowZero: true)
        deadline = value("ZOO_HTTP_DEADLINE", 3600)
    }

    /// "1", "0.5": seconds as errors show them.
    static func seconds(_ value: TimeInterval) -> String {
        String(format: "%g", value)
    }
}
