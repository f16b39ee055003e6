/// Two-digit upper-case hexadecimal for bytes in messages ("0x9A").
enum MIDIHex {
    static func byte(_ value: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 4)], digits[Int(value & 0x0F)]])
    }
}
