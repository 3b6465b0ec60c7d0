import PayshCore

/// What Tab does to a line: the candidates for the word under the cursor, and the text that replaces it.
public struct Completion: Sendable, Equatable {
  /// One way to finish the word.
  public struct Candidate: Sendable, Hashable {
    /// The word's value, unquoted: `help`, `--version`, `$order`, `scripts/t.ops`, `scripts/`.
    public var value: String
    /// What the list of several candidates shows: the value, or a file's name without its folder.
    public var display: String
    /// True for a folder: completing it ends in `/` with no space, ready for what is inside.
    public var isDirectory: Bool
    /// True for a `$variable` or `@ref`: written as is, never escaped.
    public var isVerbatim: Bool

    public init(_ value: String, display: String? = nil, isDirectory: Bool = false, isVerbatim: Bool = false) {
      self.value = value
      self.display = display ?? value
      self.isDirectory = isDirectory
      self.isVerbatim = isVerbatim
    }
  }

  /// Where the replaced text starts, in Unicode scalars from the start of the line.
  public var start: Int
  /// The unquoted text typed so far that every candidate starts with.
  public var typed: String
  /// The quote left open in the typed text (`"` or `'`), if any.
  public var openQuote: Unicode.Scalar?
  /// True when the word sits inside a quoted word, so no quote is closed and no space added (`"… $na`).
  public var insideWord: Bool
  /// The matching candidates, sorted.
  public var candidates: [Candidate]

  public init(
    start: Int, typed: String, openQuote: Unicode.Scalar? = nil, insideWord: Bool = false, candidates: [Candidate]
  ) {
    self.start = start
    self.typed = typed
    self.openQuote = openQuote
    self.insideWord = insideWord
    self.candidates = candidates
  }

  /// Nothing to complete.
  public static func none(at start: Int) -> Completion { Completion(start: start, typed: "", candidates: []) }

  /// The candidates' values.
  public var values: [String] { candidates.map(\.value) }

  /// The text that replaces the line from `start` to the cursor, or nil when Tab changes nothing.
  ///
  /// A unique candidate is written whole, followed by a space (a folder by its `/` alone); several fill in
  /// their common prefix when it is longer than what was typed.
  public var replacement: String? {
    if candidates.count == 1, let only = candidates.first {
      let ends = !only.isDirectory && !insideWord
      return render(only.value, verbatim: only.isVerbatim, closing: ends) + (ends ? " " : "")
    }
    guard candidates.count > 1 else { return nil }
    let common = Completion.commonPrefix(candidates.map(\.value))
    guard common.count > typed.count, common.hasPrefix(typed) else { return nil }
    return render(common, verbatim: candidates.allSatisfy(\.isVerbatim), closing: false)
  }

  /// `value` written in the quoting the user started: inside `"…"`, inside `'…'`, or with backslashes.
  ///
  /// A value holding a character no backslash or single quote can carry (a newline, which would end the
  /// command and start another; a control that acts on the terminal) is written inside `"…"` with escapes
  /// whatever the quoting started: values come from the store, and a shared file can hold any text.
  func render(_ value: String, verbatim: Bool, closing: Bool) -> String {
    if verbatim || insideWord { return value }
    let quote: Unicode.Scalar? = value.unicodeScalars.contains(where: TerminalText.needsEscape) ? "\"" : openQuote
    switch quote {
    case "\"":
      return "\"" + Completion.escapeDoubleQuoted(value) + (closing ? "\"" : "")
    case "'" where !value.contains("'"):
      return "'" + value + (closing ? "'" : "")
    default:
      return Completion.escapeBare(value)
    }
  }

  /// `value` with `"`, `\` and `$` escaped for a double-quoted string, and every character that
  /// `TerminalText.needsEscape` written as `\n`, `\r`, `\t` or `\u{…}`.
  static func escapeDoubleQuoted(_ value: String) -> String {
    var out = ""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"", "\\", "$": out += "\\" + String(scalar)
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where TerminalText.needsEscape(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `value` with every character the lexer would split on or interpret escaped by a backslash.
  static func escapeBare(_ value: String) -> String {
    let special: Set<Unicode.Scalar> = [" ", "\t", "\"", "'", "\\", ";", "$"]
    var out = ""
    for (index, scalar) in value.unicodeScalars.enumerated() {
      if special.contains(scalar) || (index == 0 && scalar == "#") { out += "\\" }
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  /// The longest prefix (in characters) shared by all `values`.
  static func commonPrefix(_ values: [String]) -> String {
    guard var prefix = values.first.map(Array.init) else { return "" }
    for value in values.dropFirst() {
      let characters = Array(value)
      var count = 0
      while count < prefix.count, count < characters.count, prefix[count] == characters[count] { count += 1 }
      prefix.removeLast(prefix.count - count)
    }
    return String(prefix)
  }
}
