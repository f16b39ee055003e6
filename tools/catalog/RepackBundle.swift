import Archive
import Foundation
import ZooSupport

// `repack-bundle SRC DST LEVEL`: writes every member of the zip SRC, in order and byte for byte,
// to DST with `ZipWriter` deflating at LEVEL (a zoo bundle's `ZooBundle.compression`), then reads
// DST back and checks that it holds the same members with the same bytes.
let arguments = CommandLine.arguments
guard arguments.count == 4, let level = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: repack-bundle SRC DST LEVEL\n".utf8))
    exit(2)
}
do {
    let source = try ZipReader(contentsOf: URL(fileURLWithPath: arguments[1]))
    var writer = ZipWriter(compression: .deflate(level: level))
    var members: [(String, [UInt8])] = []
    for entry in source.entries {
        guard entry.kind == .file else { throw ZooError("\(source.name): member '\(entry.path)' is not a regular file") }
        let data = try source.read(entry.path)
        members.append((entry.path, data))
        writer.add(entry.path, data: data)
    }
    let destination = URL(fileURLWithPath: arguments[2])
    try writer.write(to: destination)
    let written = try ZipReader(contentsOf: destination)
    guard written.entries.map(\.path) == members.map(\.0) else { throw ZooError("\(destination.path): the members differ from \(source.name)'s") }
    for (path, data) in members where try written.read(path) != data {
        throw ZooError("\(destination.path): member '\(path)' differs from \(source.name)'s")
    }
    print("\(destination.path): \(members.count) members, the same bytes as \(source.name)")
} catch {
    FileHandle.standardError.write(Data("repack-bundle: \(error)\n".utf8))
    exit(1)
}
