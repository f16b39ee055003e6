import Foundation
import MIDIFormat
import ZooCore

/// Chorales read from a MIDI file or a folder of them (`*.mid`, in name order). When a
/// `manifest.csv` lies in the folder or its parent (the corpus layout) it gives each listed
/// file's pickup and split; any other file is taken as the MIDI states it: bar 1 at tick 0.
public struct ChoraleCorpus {
    /// One chorale and what the manifest says about it.
    public struct Piece {
        /// The file name.
        public let name: String
        public let chorale: Chorale
        /// `train`, `valid`, or nil when the manifest does not list the file.
        public let split: String?
    }

    public let pieces: [Piece]
    /// The manifest used, if one was found.
    public let manifest: ChoraleManifest?

    public init(path: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw ZooError("\(path.path): no such file or folder")
        }
        let files: [URL]
        if isFolder.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []
            files = names.filter { $0.lowercased().hasSuffix(".mid") || $0.lowercased().hasSuffix(".midi") }.sorted()
                .map { path.appendingPathComponent($0) }
            guard !files.isEmpty else { throw ZooError("\(path.path): no .mid files in the folder") }
        } else {
            files = [path]
        }
        let manifest = try ChoraleManifest.find(near: isFolder.boolValue ? path : path.deletingLastPathComponent()).map(ChoraleManifest.init(url:))
        self.manifest = manifest
        pieces = try files.map { file in
            let entry = manifest?.entries[file.lastPathComponent]
            let chorale = try ChoraleMIDI.chorale(from: try MIDIFile.read(url: file), name: file.path, pickup: entry?.pickup ?? 0)
            return Piece(name: file.lastPathComponent, chorale: chorale, split: entry?.split)
        }
    }
}
