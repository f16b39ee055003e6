/// The logged quantity a callback watches and whether smaller is better (Keras `mode="auto"`:
/// accuracies are maximised, everything else minimised).
struct MonitoredQuantity: Sendable {
    let name: String
    let minimize: Bool

    init(_ name: String, minimize: Bool? = nil) {
        self.name = name
        self.minimize = minimize ?? !(name.hasSuffix("accuracy") || name.hasSuffix("acc"))
    }

    /// Whether `current` beats `best` by more than `minDelta`.
    func improves(_ current: Double, on best: Double?, minDelta: Double = 0) -> Bool {
        guard let best else { return current.isFinite }
        return minimize ? current < best - abs(minDelta) : current > best + abs(minDelta)
    }

    /// The value from an epoch's logs; a missing key is an error naming what is available.
    func value(in logs: [String: Double], for callback: String) throws -> Double {
        guard let v = logs[name] else {
            throw ZooError("\(callback): monitored quantity '\(name)' is not logged (available: \(logs.keys.sorted().joined(separator: ", ")))")
        }
        return v
    }
}
