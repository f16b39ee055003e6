/// What `Fetcher.fetch` did.
public struct FetchResult: Sendable {
    /// The cached, verified model.
    public let model: CachedModel
    /// Bytes taken from the registry by this fetch (0 when the cache already had the model).
    public let transferred: Int64
    /// Set when the registry could not be reached and the newest intact cached version was used
    /// instead: the registry's problem.
    public let offlineReason: String?
}
