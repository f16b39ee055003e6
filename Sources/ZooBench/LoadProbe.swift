import Foundation

/// CPU time used by other processes while a chunk is timed, in cores (as bench/common.py
/// `LoadProbe`): busy jiffies of the machine minus this process's, over the wall time.
struct LoadProbe {
    private let start = Date()
    private let busy0 = LoadProbe.busyJiffies()
    private let self0 = LoadProbe.selfJiffies()

    func otherLoad() -> Double {
        let dt = Date().timeIntervalSince(start)
        let other = Double((LoadProbe.busyJiffies() - busy0) - (LoadProbe.selfJiffies() - self0))
        return max(0, other / Double(sysconf(Int32(_SC_CLK_TCK))) / max(dt, 1e-9))
    }

    private static func busyJiffies() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first else { return 0 }
        let v = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard v.count >= 8 else { return 0 }
        return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
    }

    private static func selfJiffies() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
        guard fields.count > 12, let u = Int(fields[11]), let s = Int(fields[12]) else { return 0 }
        return u + s
    }
}
