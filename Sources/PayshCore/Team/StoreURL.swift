/// What `--store`, `PAYSH_STORE` or `store = "…"` in config.toml names: an SQLite store's path, or the URL of
/// a PostgreSQL team store (`postgres://USER@HOST:PORT/DATABASE?sslmode=…`, see `PostgresStoreURL`).
///
/// Text that begins like a URL (`SCHEME://`) is read as one: `postgres://` and `postgresql://` are parsed,
/// any other scheme is refused, so a typo such as `postgress://` never becomes an SQLite file of that name.
/// Everything else is an SQLite path, exactly as given (`:memory:` included).
public enum StoreURL: Sendable, Hashable, CustomStringConvertible {
  case sqlite(String)
  case postgres(PostgresStoreURL)

  /// The schemes of a PostgreSQL URL, as libpq spells them.
  public static let postgresSchemes = ["postgres", "postgresql"]

  /// Reads `text`, given in `origin` (`--store`, `PAYSH_STORE`, `config.toml line 4`), which every refusal
  /// names. A refusal is one line and never repeats a password or a control character.
  public init(parsing text: String, origin: String) throws(TeamStoreError) {
    guard let scheme = Self.scheme(of: text) else {
      self = .sqlite(text)
      return
    }
    if let (offset, scalar) = Self.firstControl(in: text) {
      throw .badURL(
        origin: origin, problem: "holds a control character (\(Self.codePoint(scalar))) at character \(offset)")
    }
    guard Self.postgresSchemes.contains(scheme.lowercased()) else {
      let known = Self.closestScheme(to: scheme).map { " (did you mean \($0)://?)" } ?? ""
      throw .badURL(
        origin: origin,
        problem: "has the unknown scheme '\(scheme)'\(known): a team store is postgres://USER@HOST:PORT/DATABASE,"
          + " anything else is an SQLite path")
    }
    self = .postgres(try PostgresStoreURL(parsing: text, origin: origin))
  }

  /// The SQLite path as given, or the PostgreSQL URL with its password masked.
  public var description: String {
    switch self {
    case .sqlite(let path): path
    case .postgres(let url): url.masked
    }
  }

  /// True for a PostgreSQL team store.
  public var isTeamStore: Bool {
    if case .postgres = self { return true }
    return false
  }

  /// The scheme of `text` when it begins like a URL: a letter, then letters, digits, `+`, `-` or `.`, then
  /// `:` and `//`. `postgres:` and `postgresql:` count even without the slashes (they are no file name anyone
  /// means), so `postgres:host/db` is refused rather than made a file.
  static func scheme(of text: String) -> String? {
    var scheme = ""
    var rest = Substring(text)
    while let first = rest.first, first != ":" {
      guard first.isASCII, first.isLetter || (!scheme.isEmpty && (first.isNumber || "+-.".contains(first))) else {
        return nil
      }
      scheme.append(first)
      rest = rest.dropFirst()
    }
    guard !scheme.isEmpty, rest.first == ":" else { return nil }
    if rest.dropFirst().hasPrefix("//") { return scheme }
    return postgresSchemes.contains(scheme.lowercased()) ? scheme : nil
  }

  /// The first character a terminal would act on (control, DEL, bidirectional), counted from 1.
  static func firstControl(in text: String) -> (Int, Unicode.Scalar)? {
    for (index, scalar) in text.unicodeScalars.enumerated() where TerminalText.needsEscape(scalar) {
      return (index + 1, scalar)
    }
    return nil
  }

  /// `U+001B`.
  static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `postgres` for a scheme one or two edits away from it (`postgress`, `postgre`, `posgres`, `psql`).
  static func closestScheme(to scheme: String) -> String? {
    let lowered = scheme.lowercased()
    if ["psql", "pg", "pgsql"].contains(lowered) { return "postgres" }
    for known in postgresSchemes where Suggestion.editDistance(lowered, known) <= 2 { return known }
    return nil
  }
}
