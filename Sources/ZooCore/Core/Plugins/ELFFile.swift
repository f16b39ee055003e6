import Foundation

/// Reads an ELF shared object's dynamic symbols and named sections from its bytes, without
/// loading it, so the host can check a plugin before `dlopen` runs a line of its code (a Swift
/// library cannot be unloaded once opened). 64-bit little-endian ELF only (x86-64, arm64).
/// Every offset and size is checked against the file before it is read.
enum ELFFile {
    /// What a file is, for the plugin host.
    enum Kind: Equatable {
        case notELF(String)
        /// `section`: the contents of the section asked for, nil when absent (or over the limit).
        case sharedObject(defines: Bool, section: [UInt8]?)
    }

    /// Whether `file` is a 64-bit little-endian shared object, whether it defines the symbol
    /// `symbol`, and the contents of its section `section` when at most `limit` bytes.
    static func inspect(_ file: URL, symbol: String, section: String, limit: Int = 65_536) -> Kind {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else { return .notELF("cannot be read") }
        return data.withUnsafeBytes { inspect(bytes: $0, symbol: Array(symbol.utf8), section: Array(section.utf8), limit: limit) }
    }

    /// `inspect(_:symbol:section:limit:)` on bytes already in memory; every offset is checked
    /// against `bytes.count` before it is read.
    static func inspect(bytes: UnsafeRawBufferPointer, symbol: [UInt8], section: [UInt8], limit: Int = 65_536) -> Kind {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian) : nil }
        func u32(_ at: Int) -> Int? { at >= 0 && at + 4 <= bytes.count ? Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) : nil }
        func u64(_ at: Int) -> Int? {
            guard at >= 0, at + 8 <= bytes.count else { return nil }
            let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
            return v <= UInt64(Int.max) ? Int(v) : nil
        }
        /// Offset and size of a section's contents, when they lie inside the file.
        func contents(_ header: Int) -> (offset: Int, size: Int)? {
            guard let offset = u64(header + 24), let size = u64(header + 32), size <= bytes.count, offset <= bytes.count - size else { return nil }
            return (offset, size)
        }
        /// Whether the NUL-terminated string at `start` (inside a table ending at `end`) is `name`.
        func names(_ start: Int, _ end: Int, _ name: [UInt8]) -> Bool {
            start >= 0 && start + name.count < end && bytes[start + name.count] == 0 && zip(name.indices, name).allSatisfy { bytes[start + $0] == $1 }
        }
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            return .notELF("not an ELF file")
        }
        guard bytes[4] == 2, bytes[5] == 1 else { return .notELF("not a 64-bit little-endian ELF file") }
        guard u16(16) == 3 else { return .notELF("an ELF file but not a shared object") }
        guard let shoff = u64(40), let shentsize = u16(58), let shnum = u16(60), let shstrndx = u16(62), shentsize >= 64, shoff <= bytes.count else {
            return .notELF("damaged ELF header")
        }
        let sectionNames = shstrndx < shnum ? contents(shoff + shstrndx * shentsize) : nil
        var defines = false
        var found: [UInt8]?
        for index in 0..<shnum {
            let header = shoff + index * shentsize
            guard let type = u32(header + 4), let (offset, size) = contents(header) else { continue }
            if let sectionNames, found == nil, type != 8, size <= limit,  // SHT_NOBITS has no contents
               let nameOffset = u32(header), names(sectionNames.offset + nameOffset, sectionNames.offset + sectionNames.size, section) {
                found = Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + size)]))
            }
            guard type == 11, !defines,  // SHT_DYNSYM
                  let link = u32(header + 40), let entsize = u64(header + 56), entsize >= 24, size >= entsize,
                  let strings = contents(shoff + link * shentsize) else { continue }
            for entry in stride(from: offset, through: offset + size - entsize, by: entsize) {
                guard let nameOffset = u32(entry), let shndx = u16(entry + 6), shndx != 0 else { continue }
                if names(strings.offset + nameOffset, strings.offset + strings.size, symbol) {
                    defines = true
                    break
                }
            }
        }
        return .sharedObject(defines: defines, section: found)
    }
}
