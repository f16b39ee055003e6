import Foundation

/// Reads the defined dynamic symbols of an ELF shared object without loading it, so the host
/// can tell a plugin from any other `.so` before `dlopen` runs a line of its code (a Swift
/// library cannot be unloaded safely once opened). 64-bit little-endian ELF only (x86-64, arm64).
public enum ELFSymbols {
    /// What a file is, for the plugin host.
    public enum Kind: Equatable {
        case notELF(String)
        case sharedObject(defines: Bool)
    }

    /// Whether `file` is a 64-bit little-endian shared object defining the symbol `name`.
    public static func inspect(_ file: URL, defining name: String) -> Kind {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else { return .notELF("cannot be read") }
        return data.withUnsafeBytes { inspect(bytes: $0, defining: Array(name.utf8)) }
    }

    public static func inspect(bytes: UnsafeRawBufferPointer, defining name: [UInt8]) -> Kind {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian) : nil }
        func u32(_ at: Int) -> Int? { at >= 0 && at + 4 <= bytes.count ? Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) : nil }
        func u64(_ at: Int) -> Int? {
            guard at >= 0, at + 8 <= bytes.count else { return nil }
            let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
            return v <= UInt64(Int.max) ? Int(v) : nil
        }
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            return .notELF("not an ELF file")
        }
        guard bytes[4] == 2, bytes[5] == 1 else { return .notELF("not a 64-bit little-endian ELF file") }
        guard u16(16) == 3 else { return .notELF("an ELF file but not a shared object") }
        guard let shoff = u64(40), let shentsize = u16(58), let shnum = u16(60), shentsize >= 64, shoff <= bytes.count else {
            return .notELF("damaged ELF header")
        }
        for index in 0..<shnum {
            let section = shoff + index * shentsize
            guard let type = u32(section + 4), type == 11,  // SHT_DYNSYM
                  let offset = u64(section + 24), let size = u64(section + 32),
                  let link = u32(section + 40), let entsize = u64(section + 56), entsize >= 24,
                  size <= bytes.count, offset <= bytes.count - size else { continue }
            let strtab = shoff + link * shentsize
            guard let strOffset = u64(strtab + 24), let strSize = u64(strtab + 32), strSize <= bytes.count,
                  strOffset <= bytes.count - strSize else { continue }
            for symbol in stride(from: offset, to: offset + size - entsize + 1, by: entsize) {
                guard let nameOffset = u32(symbol), let shndx = u16(symbol + 6), shndx != 0, nameOffset + name.count < strSize else { continue }
                let start = strOffset + nameOffset
                if bytes[start + name.count] == 0, zip(name.indices, name).allSatisfy({ bytes[start + $0] == $1 }) {
                    return .sharedObject(defines: true)
                }
            }
        }
        return .sharedObject(defines: false)
    }
}
