import Foundation

/// An unfinished download in the cache: `$ZOO_HOME/partial/NAME@VERSION/`, holding the card and
/// the files fetched so far (the last one perhaps in part) under their own names. The next
/// `zoo fetch` of that version resumes it; `zoo cache prune` removes it.
public struct PartialDownload: Sendable {
    /// "NAME@VERSION".
    public let reference: String
    public let folder: URL
    /// Bytes fetched so far, when the download was looked up.
    public let size: Int64

    init(reference: String, folder: URL) {
        self.reference = reference
        self.folder = folder
        size = ModelCache.bytes(in: folder)
    }
}
