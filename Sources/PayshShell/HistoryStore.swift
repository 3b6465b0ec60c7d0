import PayshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shell's persistent history: one line per entry in `$XDG_STATE_HOME/paysh/history`
/// (default `~/.local/state/paysh/history`), mode 0600.
///
/// Entries are loaded once at start and appended one by one as lines are run, so two shells open at once
/// both keep what they ran. A line that may carry a secret (see `SecretPolicy`) is never recorded, nor is a
/// blank line or a repeat of the previous entry. When the file grows past twice `limit`, it is rewritten with
/// the newest `limit` entries on the next start.
public final class HistoryStore {
  /// Where the history lives; nil when it is kept in memory only (no usable home directory).
  public let path: String?
  /// The entries, oldest first.
  public private(set) var entries: [String] = []
  /// The most entries kept.
  public let limit: Int
  /// Why the file could not be used, if it could not: shown once by the REPL.
  public private(set) var problem: String?

  /// Opens the history at `path` (nil for memory only), creating the file and its folders as needed.
  public init(path: String?, limit: Int = 1000) {
    self.path = path
    self.limit = max(1, limit)
    guard let path else { return }
    do {
      try HistoryStore.createParents(of: path)
      entries = try HistoryStore.readLines(path)
      if entries.count > 2 * self.limit {
        entries = Array(entries.suffix(self.limit))
        try rewrite()
      } else {
        try HistoryStore.append("", to: path)
      }
    } catch let error as HistoryError {
      problem = error.message
    } catch {
      problem = "\(error)"
    }
  }

  /// Opens the history at its usual place for `environment`.
  public convenience init(environment: [String: String], limit: Int = 1000) {
    self.init(path: HistoryStore.defaultPath(environment: environment), limit: limit)
  }

  /// `$XDG_STATE_HOME/paysh/history`, or `$HOME/.local/state/paysh/history`; nil when neither is set.
  public static func defaultPath(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return state + "/paysh/history"
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/paysh/history"
  }

  /// True when `line` would be recorded: not blank, not a secret, not the same as the last entry.
  public func shouldRecord(_ line: String) -> Bool {
    let trimmed = HistoryStore.trimmed(line)
    if trimmed.isEmpty || trimmed == entries.last { return false }
    return !SecretPolicy.lineCarriesSecret(trimmed)
  }

  /// Records `line` (trimmed) in memory and in the file; returns false when it was not recorded.
  @discardableResult
  public func add(_ line: String) -> Bool {
    guard shouldRecord(line) else { return false }
    let entry = HistoryStore.trimmed(line)
    entries.append(entry)
    if entries.count > limit { entries.removeFirst(entries.count - limit) }
    guard let path, problem == nil else { return true }
    do {
      try HistoryStore.append(entry + "\n", to: path)
    } catch let error as HistoryError {
      problem = error.message
    } catch {
      problem = "\(error)"
    }
    return true
  }

  /// The line without surrounding blanks or line breaks (a line break inside becomes a space).
  static func trimmed(_ line: String) -> String {
    let blanks: Set<Character> = [" ", "\t", "\r", "\n"]
    let flat = String(line.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    return String(flat.drop { blanks.contains($0) }.reversed().drop { blanks.contains($0) }.reversed())
  }

  /// Rewrites the file with the current entries (through a temporary file renamed over it).
  func rewrite() throws {
    guard let path else { return }
    let temporary = path + ".tmp\(getpid())"
    unlink(temporary)
    try HistoryStore.append(entries.map { $0 + "\n" }.joined(), to: temporary)
    guard rename(temporary, path) == 0 else {
      let message = HistoryError.describe("cannot replace \(path)")
      unlink(temporary)
      throw HistoryError(message: message)
    }
  }

  /// Creates the folders above `path` (mode 0700) when they are missing.
  static func createParents(of path: String) throws {
    var folder = ""
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    for (index, part) in parts.enumerated() {
      folder += index == 0 ? String(part) : "/" + part
      if folder.isEmpty || part.isEmpty { continue }
      if mkdir(folder, 0o700) != 0, errno != EEXIST {
        throw HistoryError(message: HistoryError.describe("cannot create \(folder)"))
      }
    }
  }

  /// Appends `text` to the file at `path`, creating it with mode 0600 (and narrowing a wider mode).
  static func append(_ text: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw HistoryError(message: HistoryError.describe("cannot open \(path)")) }
    defer { close(descriptor) }
    var information = stat()
    if fstat(descriptor, &information) == 0, information.st_mode & 0o077 != 0 {
      fchmod(descriptor, 0o600)
    }
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        throw HistoryError(message: HistoryError.describe("cannot write \(path)"))
      }
      offset += written
    }
  }

  /// The non-empty lines of the file at `path`; none when it does not exist.
  /// Read as every file is (`FileText`): a regular file within the cap, never a FIFO or a device.
  static func readLines(_ path: String) throws -> [String] {
    guard FileText.exists(path) else { return [] }
    let bytes: [UInt8]
    switch FileText.contents(path) {
    case .success(let read): bytes = read
    case .failure(let refusal): throw HistoryError(message: refusal.description)
    }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter {
      !$0.isEmpty
    }
  }
}

/// Why the history file cannot be used.
struct HistoryError: Error {
  var message: String

  /// `what` followed by the current errno's description.
  static func describe(_ what: String) -> String { "\(what): \(String(cString: strerror(errno)))" }
}
