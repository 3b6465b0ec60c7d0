#if canImport(Glibc)
import Glibc
#endif

/// libpq's password file (`~/.pgpass`, or the file `PGPASSFILE` names), read as libpq reads it: one
/// `hostname:port:database:username:password` a line; a field of just `*` matches anything; `\:` and `\\`
/// (a backslash before any character) escape within a field; a line beginning with `#` is a comment; the first
/// line that matches wins. The host is compared as the URL gives it (a name or an address), the port as its
/// number.
///
/// A file that group or others may access in any way is ignored with a warning, as libpq does. Its text
/// (passwords) is never shown: the value describes itself by path and line count only.
public struct PgPassFile: Sendable, CustomStringConvertible, CustomReflectable {
  public let path: String
  private let lines: [Substring]

  /// The file's text, as if read from `path`.
  public init(text: String, path: String = "~/.pgpass") {
    self.path = path
    // "\r\n" is one Character, so both ends of a line are named.
    self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
  }

  /// The password of the first line matching, and that line's number (from 1).
  public func password(host: String, port: Int, database: String, user: String) -> (TeamSecret, line: Int)? {
    let wanted = [host, String(port), database, user]
    for (index, raw) in lines.enumerated() {
      var line = raw
      if line.hasSuffix("\r") { line = line.dropLast() }
      if line.isEmpty || line.hasPrefix("#") { continue }
      var rest = line[...]
      var matched = true
      for field in wanted {
        guard let after = Self.match(rest, field) else {
          matched = false
          break
        }
        rest = after
      }
      if matched { return (TeamSecret(Self.unescaped(rest)), index + 1) }
    }
    return nil
  }

  /// libpq's `pwdfMatchesString`: the text after the field and its `:` when the field matches `token`.
  static func match(_ text: Substring, _ token: String) -> Substring? {
    if text.hasPrefix("*:") { return text.dropFirst(2) }
    var wanted = Substring(token)
    var rest = text
    while let first = rest.first {
      var character = first
      var escaped = false
      if character == "\\", rest.count > 1 {
        rest = rest.dropFirst()
        character = rest.first!
        escaped = true
      }
      if character == ":", !escaped { return wanted.isEmpty ? rest.dropFirst() : nil }
      guard let expected = wanted.first, expected == character else { return nil }
      wanted = wanted.dropFirst()
      rest = rest.dropFirst()
    }
    return nil
  }

  /// The password field: up to the next unescaped `:`, with its escapes undone.
  static func unescaped(_ text: Substring) -> String {
    var out = ""
    var rest = text
    while let first = rest.first, first != ":" {
      if first == "\\", rest.count > 1 {
        rest = rest.dropFirst()
      }
      out.append(rest.first!)
      rest = rest.dropFirst()
    }
    return out
  }

  public var description: String { "\(path) (\(lines.count) lines)" }
  public var customMirror: Mirror { Mirror(self, children: ["path": path]) }
}

extension PgPassFile {
  /// What reading a password file came to: the file, none there (fine), or a warning and nothing used.
  public enum Loaded: Sendable {
    case file(PgPassFile)
    case absent
    case ignored(warning: String)
  }

  /// Reads the password file at `path` when there is one, refusing, as libpq does, one that is not a regular
  /// file or that group or others may access (the warning names the `chmod` that fixes it).
  public static func load(_ path: String) -> Loaded {
    var info = stat()
    guard stat(path, &info) == 0 else { return .absent }
    let shown = TerminalText.inline(path)
    if let kind = FileText.kind(info.st_mode) {
      return .ignored(warning: "password file \(shown) is \(kind), not a plain file: it is ignored")
    }
    if info.st_mode & (S_IRWXG | S_IRWXO) != 0 {
      return .ignored(
        warning: "password file \(shown) may be read by others, so it is ignored (as libpq does): chmod 600 \(shown)")
    }
    switch FileText.text(path) {
    case .success(let text): return .file(PgPassFile(text: text, path: path))
    case .failure(let refusal): return .ignored(warning: "password file \(shown) is ignored: \(refusal.reason)")
    }
  }
}
