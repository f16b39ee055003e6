/// Byte helpers of the tests that build checkpoint files by hand: the checksum and the
/// little-endian words of the `.zoockpt` frame (see `Checkpoint`).
enum CheckpointBytes {
    /// FNV-1a 64 of `bytes`, as the frame's trailing checksum.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// `value` as 8 little-endian bytes.
    static func littleEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The little-endian UInt64 at `offset`.
    static func uint64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
