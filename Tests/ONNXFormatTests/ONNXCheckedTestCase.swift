import XCTest

/// A test case whose onnxruntime checks (`checks.add`, `checks.addForwardMatch`) run together
/// in one Python process when each test ends, with the folders holding their files kept until then.
class ONNXCheckedTestCase: XCTestCase {
    /// The running test's checks (XCTest makes a test case object per test).
    let checks = ONNXChecks()
    private var folders: [ONNXTemporaryFolder] = []

    /// A fresh temporary folder, removed after the test's checks have run.
    func temporaryFolder() throws -> ONNXTemporaryFolder {
        let folder = try ONNXTemporaryFolder()
        folders.append(folder)
        return folder
    }

    override func tearDownWithError() throws {
        defer { folders.removeAll() }
        try checks.verify()
        try super.tearDownWithError()
    }
}
