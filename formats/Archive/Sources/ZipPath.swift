/// The rules a member path must follow to be written by `ZipWriter` or extracted by `ZipReader`.
enum ZipPath {
    /// Why a member path was refused.
    struct Problem: Error {
        let reason: String
    }

    /// The components of a member path that stays inside the directory it is extracted to.
    ///
    /// Empty and `.` components (as in `a//b`, `./a` or a directory's trailing `/`) are dropped.
    /// An empty path, an absolute path, a backslash, a `..` component or a path with no component
    /// left is refused.
    static func components(of path: String) -> Result<[String], Problem> {
        if path.isEmpty {
            return .failure(Problem(reason: "has an empty path"))
        }
        if path.hasPrefix("/") {
            return .failure(Problem(reason: "has an absolute path"))
        }
        if path.contains("\\") {
            return .failure(Problem(reason: "contains a backslash"))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.contains("..") {
            return .failure(Problem(reason: "has a '..' component"))
        }
        let kept = parts.filter { $0 != "." }
        if kept.isEmpty {
            return .failure(Problem(reason: "has an empty path once normalised"))
        }
        return .success(kept)
    }

    /// Checks that `path` is in the canonical form `ZipWriter` stores: safe, and with no empty,
    /// `.` or trailing components to drop.
    static func checkCanonical(_ path: String) -> Result<Void, Problem> {
        switch components(of: path) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let parts):
            guard parts.joined(separator: "/") == path else {
                return .failure(Problem(reason: "is not in canonical form (no empty or '.' components, no trailing '/')"))
            }
            return .success(())
        }
    }
}
