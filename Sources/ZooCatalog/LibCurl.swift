import Foundation
import ZooCore

/// The few functions of the system's libcurl that `HTTPTransfer` calls, looked up at run time
/// (`dlopen`), so that zoo sets every option itself.
///
/// zoo does not use URLSession for registries: on Linux it always turns on libcurl's automatic
/// decoding of gzip, deflate, brotli and zstd bodies, whatever Accept-Encoding the request
/// sends, and it queues each decoded piece for its delegate without waiting, so a server sending
/// 1 MB of gzip that decodes to 1 GB costs 1 GB of memory before a delegate can cancel. Called
/// directly, libcurl passes bodies through as sent (`CURLOPT_HTTP_CONTENT_DECODING` 0, no
/// Accept-Encoding of its own) and waits on each write callback, which can stop the transfer
/// at once.
///
/// `curl_easy_setopt` and `curl_easy_getinfo` are C variadic functions, which Swift cannot call
/// as such; they are called through a prototype with one fixed integer or pointer argument,
/// which the x86_64 and AArch64 Linux calling conventions pass in the same register as the
/// variadic call would. Every value passed (a long, a pointer, a function pointer) fits it.
struct LibCurl: @unchecked Sendable {
    typealias Handle = OpaquePointer
    /// `size_t (*)(char *data, size_t size, size_t count, void *context)`: write and header callbacks.
    typealias DataCallback = @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
    /// `int (*)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)`.
    typealias ProgressCallback = @convention(c) (UnsafeMutableRawPointer?, Int64, Int64, Int64, Int64) -> Int32

    // Option numbers (curl.h: CURLOPTTYPE_… + n).
    static let writeData: Int32 = 10_001
    static let url: Int32 = 10_002
    static let range: Int32 = 10_007
    static let errorBuffer: Int32 = 10_010
    static let writeFunction: Int32 = 20_011
    static let userAgent: Int32 = 10_018
    static let httpHeader: Int32 = 10_023
    static let headerData: Int32 = 10_029
    static let noProgress: Int32 = 43
    static let followLocation: Int32 = 52
    static let progressData: Int32 = 10_057
    static let maxRedirects: Int32 = 68
    static let headerFunction: Int32 = 20_079
    static let noSignal: Int32 = 99
    static let timeoutMilliseconds: Int32 = 155
    static let connectTimeoutMilliseconds: Int32 = 156
    static let contentDecoding: Int32 = 158
    static let protocols: Int32 = 181
    static let redirectProtocols: Int32 = 182
    static let progressFunction: Int32 = 20_219
    /// CURLINFO_OS_ERRNO: the errno of the last failed connect (a long).
    static let osErrno: Int32 = 0x200000 + 25
    /// CURLPROTO_HTTP | CURLPROTO_HTTPS.
    static let httpAndHTTPS = 3
    /// CURL_ERROR_SIZE: the error buffer's size.
    static let errorBufferSize = 256

    // Result codes (CURLcode) that errors describe in their own words.
    static let couldNotResolveProxy: Int32 = 5
    static let couldNotResolveHost: Int32 = 6
    static let couldNotConnect: Int32 = 7
    static let partialFile: Int32 = 18
    static let timedOut: Int32 = 28
    static let tooManyRedirects: Int32 = 47
    static let gotNothing: Int32 = 52
    static let sendError: Int32 = 55
    static let receiveError: Int32 = 56

    let easyInit: @convention(c) () -> Handle?
    let easySetopt: @convention(c) (Handle?, Int32, Int) -> Int32
    let easyPerform: @convention(c) (Handle?) -> Int32
    let easyGetinfo: @convention(c) (Handle?, Int32, UnsafeMutableRawPointer?) -> Int32
    let easyCleanup: @convention(c) (Handle?) -> Void
    let easyStrerror: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let slistAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let slistFreeAll: @convention(c) (OpaquePointer?) -> Void

    /// The library, loaded and initialised once per process.
    static func shared() throws -> LibCurl {
        try loaded.get()
    }

    private static let loaded: Result<LibCurl, ZooError> = Result { try LibCurl() }.mapError { $0 as? ZooError ?? ZooError("\($0)") }

    private init() throws {
        let names = ["libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"]
        guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else {
            throw ZooError("HTTP registries need the system's libcurl, and none was found (\(names.joined(separator: ", ")))")
        }
        func function<T>(_ name: String, as type: T.Type) throws -> T {
            guard let symbol = dlsym(library, name) else { throw ZooError("the system's libcurl has no \(name)") }
            return unsafeBitCast(symbol, to: type)
        }
        let globalInit = try function("curl_global_init", as: (@convention(c) (Int) -> Int32).self)
        easyInit = try function("curl_easy_init", as: (@convention(c) () -> Handle?).self)
        easySetopt = try function("curl_easy_setopt", as: (@convention(c) (Handle?, Int32, Int) -> Int32).self)
        easyPerform = try function("curl_easy_perform", as: (@convention(c) (Handle?) -> Int32).self)
        easyGetinfo = try function("curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutableRawPointer?) -> Int32).self)
        easyCleanup = try function("curl_easy_cleanup", as: (@convention(c) (Handle?) -> Void).self)
        easyStrerror = try function("curl_easy_strerror", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
        slistAppend = try function("curl_slist_append", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?).self)
        slistFreeAll = try function("curl_slist_free_all", as: (@convention(c) (OpaquePointer?) -> Void).self)
        // CURL_GLOBAL_DEFAULT; libcurl counts the calls, so URLSession's own call elsewhere is harmless.
        let code = globalInit(3)
        guard code == 0 else { throw ZooError("the system's libcurl failed to start (\(text(code)))") }
    }

    /// The library's text for a result code.
    func text(_ code: Int32) -> String {
        easyStrerror(code).map { String(cString: $0) } ?? "libcurl error \(code)"
    }
}
