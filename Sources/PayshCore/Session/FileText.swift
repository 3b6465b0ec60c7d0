#if canImport(Glibc)
import Glibc
#endif

/// The one way paysh reads a file a user names (scripts, JSON for `diff`, config.toml, `--seed`, recordings,
/// imports, `--store`): only a regular file, and only up to a cap, so nothing a path names can hang the
/// shell (a FIFO), fill its memory (`/dev/zero`) or be read as a script (a folder).
///
/// A file read whole is capped at `maxTextBytes` (8 MiB, as fetch caps answers; `PAYSH_MAX_FILE_BYTES`
/// sets it); a shared `.paysh` store file, which SQLite reads page by page but a replay or an import loads
/// whole, at `maxStoreBytes` (128 times that: 1 GiB by default).
public enum FileText {
  /// The environment variable that sets the cap, in bytes.
  public static let capVariable = "PAYSH_MAX_FILE_BYTES"
  public static let defaultCap = 8 << 20

  /// Why a file was not read: one line, with what to do.
  public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot read \(path): \(reason)" }
  }

  /// The cap for files read whole: `PAYSH_MAX_FILE_BYTES` when it is a positive number, else 8 MiB.
  public static func maxTextBytes(environment: [String: String]? = nil) -> Int {
    let value = environment.map { $0[capVariable] } ?? getenv(capVariable).map { String(cString: $0) }
    guard let value, let bytes = Int(value), bytes > 0 else { return defaultCap }
    return bytes
  }

  /// The cap for `.paysh` store files a replay or an import reads.
  public static func maxStoreBytes(environment: [String: String]? = nil) -> Int {
    let (product, overflow) = maxTextBytes(environment: environment).multipliedReportingOverflow(by: 128)
    return overflow ? Int.max : product
  }

  /// `8 MiB`, `1 GiB`, or the bytes.
  static func size(_ bytes: Int) -> String {
    if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    return "\(bytes) bytes"
  }

  /// What a file that is not a regular file is, for the refusal.
  static func kind(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: "a folder"
    case S_IFIFO: "a FIFO (named pipe)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: "not a regular file"
    }
  }

  /// Refuses a status that is not a regular file of at most `limit` bytes.
  static func problem(_ info: stat, limit: Int) -> String? {
    if let kind = kind(info.st_mode) { return "it is \(kind), not a regular file" }
    if Int(info.st_size) > limit { return overCap(Int(info.st_size), limit: limit) }
    return nil
  }

  static func overCap(_ bytes: Int, limit: Int) -> String {
    let size = bytes == Int.max ? "more than \(limit) bytes" : "\(bytes) bytes"
    return "it is \(size), over the \(self.size(limit)) cap on files paysh reads (\(capVariable)=BYTES raises it)"
  }

  /// A regular file's bytes, at most `limit` of them (default `maxTextBytes()`).
  ///
  /// The file is opened without blocking (a FIFO with no writer would block an ordinary open) and checked
  /// with `fstat` on the open descriptor, so what is read is what was checked; reading stops past `limit`.
  public static func contents(_ path: String, limit: Int? = nil) -> Result<[UInt8], Refusal> {
    let limit = limit ?? maxTextBytes()
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
    guard descriptor >= 0 else { return .failure(Refusal(path: path, reason: lastError())) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failure(Refusal(path: path, reason: lastError())) }
    if let problem = problem(info, limit: limit) { return .failure(Refusal(path: path, reason: problem)) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size))
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { return .failure(Refusal(path: path, reason: lastError())) }
      if count == 0 { return .success(bytes) }
      bytes.append(contentsOf: buffer[0..<count])
      if bytes.count > limit { return .failure(Refusal(path: path, reason: overCap(Int.max, limit: limit))) }
    }
  }

  /// Everything on standard input up to its end, at most `limit` bytes (`verify --body -`). Refused when
  /// standard input is the terminal: the shell reads its lines from there.
  public static func standardInput(limit: Int? = nil) -> Result<[UInt8], Refusal> {
    let limit = limit ?? maxTextBytes()
    guard isatty(0) == 0 else {
      return .failure(
        Refusal(path: "standard input", reason: "it is the terminal; pipe the body in, or give a file instead of -"))
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { return .failure(Refusal(path: "standard input", reason: lastError())) }
      if count == 0 { return .success(bytes) }
      bytes.append(contentsOf: buffer[0..<count])
      if bytes.count > limit {
        return .failure(Refusal(path: "standard input", reason: overCap(Int.max, limit: limit)))
      }
    }
  }

  /// A regular file's text (invalid UTF-8 repaired), at most `limit` bytes.
  public static func text(_ path: String, limit: Int? = nil) -> Result<String, Refusal> {
    contents(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Checks, without opening it, that `path` is a readable regular file of at most `limit` bytes: for files
  /// another library opens (SQLite). `what` names it in the refusal (`store`, `recording`).
  public static func checkReadable(_ path: String, what: String = "file", limit: Int = .max) -> Result<Void, Refusal> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(Refusal(path: path, reason: lastError())) }
    if let kind = kind(info.st_mode) {
      return .failure(Refusal(path: path, reason: "it is \(kind), not a \(what) file"))
    }
    if Int(info.st_size) > limit {
      return .failure(Refusal(path: path, reason: overCap(Int(info.st_size), limit: limit)))
    }
    guard access(path, R_OK) == 0 else { return .failure(Refusal(path: path, reason: lastError())) }
    return .success(())
  }

  /// The absolute path with symbolic links resolved; nil when the file does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// True when something (of any kind) is at `path`.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// The C library's description of the last error.
  public static func lastError() -> String { String(cString: strerror(errno)) }
}
