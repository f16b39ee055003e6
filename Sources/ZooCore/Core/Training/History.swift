import Foundation

/// Keras's History: one value per epoch for each logged quantity ("loss", "accuracy",
/// "val_loss", "learning_rate", ...), keys kept in first-logged order.
public struct History: Sendable, Equatable {
    public private(set) var keys: [String] = []
    public private(set) var values: [String: [Double]] = [:]

    public init() {}

    public var epochs: Int { values[keys.first ?? ""]?.count ?? 0 }

    /// Appends one epoch's logs (keys in `order`).
    public mutating func append(_ logs: [String: Double], order: [String]) {
        for k in order where logs[k] != nil {
            if values[k] == nil {
                keys.append(k)
                values[k] = Array(repeating: .nan, count: epochs)
            }
        }
        let n = epochs
        for k in keys { values[k, default: []].append(logs[k] ?? .nan) }
        precondition(keys.allSatisfy { values[$0]!.count == n + 1 })
    }

    public subscript(key: String) -> [Double]? { values[key] }

    /// CSV: a header `epoch,<keys>` and one row per epoch (epochs numbered from 1).
    public func csv() -> String {
        var lines = ["epoch," + keys.joined(separator: ",")]
        for e in 0..<epochs {
            lines.append(([String(e + 1)] + keys.map { History.format(values[$0]![e]) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON: `{"epoch":[1,2,...],"loss":[...],...}` in key order.
    public func json() -> JSONValue {
        var obj: [(String, JSONValue)] = [("epoch", .array((0..<epochs).map { .number(Double($0 + 1)) }))]
        for k in keys { obj.append((k, .array(values[k]!.map { $0.isFinite ? .number($0) : .null }))) }
        return .object(obj)
    }

    /// Rebuilds a History from `json()` output (checkpoint resume).
    public init(json: JSONValue) throws {
        guard let obj = json.objectValue else { throw ZooError("history: expected a JSON object") }
        for (k, v) in obj where k != "epoch" {
            guard let arr = v.arrayValue else { throw ZooError("history: '\(k)' is not an array") }
            keys.append(k)
            values[k] = arr.map { $0.doubleValue ?? .nan }
        }
        guard Set(values.values.map(\.count)).count <= 1 else { throw ZooError("history: columns of different lengths") }
    }

    static func format(_ v: Double) -> String {
        v.isFinite ? String(format: "%.6g", v) : "nan"
    }
}
