/// Config values of the layers that slide along time (Conv1D, the pooling, cropping, padding and
/// upsampling layers), which Keras writes as an integer or as a tuple of one or two.
extension LayerConfig {
    /// A length in `range` given as `n` or `[n]` (kernel_size, strides, pool_size, …); `value`
    /// when the key is absent or null.
    public func steps(_ key: String, default value: Int? = nil, in range: ClosedRange<Int> = 1...LayerConfig.maxExtent) throws -> Int {
        guard let v = json[key], !v.isNull else {
            if let value { return value }
            throw ZooError("\(label): config is missing '\(key)'")
        }
        let items = v.arrayValue ?? [v]
        guard items.count == 1 else { throw ZooError("\(label): '\(key)' must be an integer or a list of one, got \(v.serialized())") }
        return try Self.checked(items[0], key: key, range: range, label: label, shown: v)
    }

    /// A pair of lengths in 0…`maxExtent` given as `n` (both) or `[a, b]` (cropping, padding).
    func stepPair(_ key: String, default value: (Int, Int)) throws -> (Int, Int) {
        guard let v = json[key], !v.isNull else { return value }
        let items = v.arrayValue ?? [v, v]
        guard items.count == 2 else { throw ZooError("\(label): '\(key)' must be an integer or a pair, got \(v.serialized())") }
        let range = 0...LayerConfig.maxExtent
        return (try Self.checked(items[0], key: key, range: range, label: label, shown: v),
                try Self.checked(items[1], key: key, range: range, label: label, shown: v))
    }

    /// The window's padding mode, one of `allowed`.
    func windowPadding(allowed: [TimeWindow.Padding]) throws -> TimeWindow.Padding {
        let name = try string("padding", default: "valid") ?? "valid"
        guard let padding = TimeWindow.Padding(rawValue: name.lowercased()), allowed.contains(padding) else {
            throw ZooError("\(label): padding must be \(allowed.map(\.rawValue).joined(separator: ", ")), got '\(name)'")
        }
        return padding
    }

    /// The window of a 1-D pooling layer: pool_size (default 2), strides (default pool_size),
    /// padding valid or same; channels_last only.
    func poolingWindow() throws -> TimeWindow {
        let size = try steps("pool_size", default: 2)
        let window = TimeWindow(size: size, stride: try steps("strides", default: size), padding: try windowPadding(allowed: [.valid, .same]))
        try requireChannelsLast()
        return window
    }

    /// Refuses every data_format but channels_last (the default).
    func requireChannelsLast() throws {
        if let format = try string("data_format", default: "channels_last"), format != "channels_last" {
            throw ZooError("\(label): data_format '\(format)' is not supported (channels_last only)")
        }
    }

    private static func checked(_ v: JSONValue, key: String, range: ClosedRange<Int>, label: String, shown: JSONValue) throws -> Int {
        guard let d = v.doubleValue, d.rounded() == d else { throw ZooError("\(label): '\(key)' must be an integer, got \(shown.serialized())") }
        guard d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            throw ZooError("\(label): '\(key)' is \(shown.serialized()), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(d)
    }
}
