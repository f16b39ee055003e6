import Foundation
import XCTest
import ZooCatalog

/// SHA-256 against the NIST example vectors (FIPS 180-4 examples, including the 1,000,000 × "a"
/// message) and against `sha256sum` on a file that spans many read chunks.
final class SHA256Tests: XCTestCase {
    func testNISTVectors() {
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testPiecesOfEverySizeGiveTheSameDigest() {
        let message = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let whole = SHA256.hex(message)
        for piece in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hash = SHA256()
            var offset = 0
            while offset < message.count {
                let end = min(offset + piece, message.count)
                hash.update(message.subdata(in: offset..<end))
                offset = end
            }
            XCTAssertEqual(hash.hexDigest(), whole, "pieces of \(piece) bytes")
        }
    }

    func testFileDigestEqualsSha256sum() throws {
        let folder = try CatalogFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.bin")
        // 2.5 MiB plus a few bytes: three read chunks, the last one partial.
        try CatalogFixtures.pseudoRandomBytes(count: (5 << 19) + 11, seed: 3).write(to: file)
        let digest = try SHA256.file(file)
        XCTAssertEqual(digest.size, Int64((5 << 19) + 11))
        XCTAssertEqual(digest.hex, try CatalogFixtures.sha256sum(file))
    }
}
