/// One word of a POSIX shell command that paysh prints, built from pieces: text that the shell must take
/// as it is, and references to shell variables that it must expand. `rendered` quotes each piece so that no
/// text, whatever it holds (quotes, `$(…)`, backticks, backslashes, newlines, escape sequences), can end the
/// word, start another command or expand anything: the one way a value from outside reaches a shell line.
public struct ShellWord: Sendable, Hashable {
  public enum Piece: Sendable, Hashable {
    /// Taken as it is.
    case text(String)
    /// `$NAME`, expanded by the shell. A name that is not a valid shell name is written as text.
    case variable(String)
  }

  public var pieces: [Piece]

  public init(_ pieces: [Piece]) {
    self.pieces = pieces
  }

  /// A word of literal text only.
  public static func text(_ text: String) -> ShellWord { ShellWord([.text(text)]) }

  /// The word as the shell must read it.
  ///
  /// Text alone is single-quoted (`'it'\''s'`). A word with variables is double-quoted when its text has
  /// nothing the shell treats specially inside double quotes (`"x-client-secret: $CASHFREE_CLIENT_SECRET"`),
  /// else its pieces are quoted one by one and written together (`'r'\''$(x)|'"$PAYTRING_KEY"`). Text with
  /// control characters (or characters a terminal would act on) is written in `$'…'` quoting with escapes,
  /// so the line shown on the terminal is the line the shell reads.
  public var rendered: String {
    let normalized = pieces.map { piece -> Piece in
      if case .variable(let name) = piece, !ShellWord.isVariableName(name) { return .text("$" + name) }
      return piece
    }
    let hasVariable = normalized.contains { if case .variable = $0 { true } else { false } }
    if hasVariable,
      normalized.allSatisfy({ if case .text(let text) = $0 { ShellWord.isDoubleQuoteSafe(text) } else { true } })
    {
      var inner = ""
      for (index, piece) in normalized.enumerated() {
        switch piece {
        case .text(let text): inner += text
        case .variable(let name):
          // Braces only where the next character would run on into the name.
          let next = index + 1 < normalized.count ? normalized[index + 1] : nil
          if case .text(let text)? = next, let first = text.utf8.first, ShellWord.isNameByte(first) {
            inner += "${" + name + "}"
          } else {
            inner += "$" + name
          }
        }
      }
      return "\"" + inner + "\""
    }
    var result = ""
    var pendingText = ""
    for piece in normalized {
      switch piece {
      case .text(let text): pendingText += text
      case .variable(let name):
        if !pendingText.isEmpty { result += ShellWord.quote(pendingText) }
        pendingText = ""
        result += "\"$" + name + "\""
      }
    }
    if !pendingText.isEmpty || result.isEmpty { result += ShellWord.quote(pendingText) }
    return result
  }

  /// `[A-Za-z_][A-Za-z0-9_]*`.
  public static func isVariableName(_ name: String) -> Bool {
    guard let first = name.utf8.first, first == UInt8(ascii: "_") || isASCIILetter(first) else { return false }
    return name.utf8.allSatisfy(isNameByte)
  }

  static func isNameByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "_") || isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39)
  }

  /// Letters, digits and `_ @ % + : , . / - =` (not `=` first: zsh expands `=cmd`): nothing a shell reads
  /// specially, so the word needs no quotes.
  static func isBare(_ text: String) -> Bool {
    guard let first = text.utf8.first, first != UInt8(ascii: "=") else { return false }
    return text.utf8.allSatisfy { byte in
      isNameByte(byte) || "@%+:,./-=".utf8.contains(byte)
    }
  }

  static func isASCIILetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }

  /// Printable text with none of `$ \` " \\ !` (history expansion) inside: safe between double quotes.
  static func isDoubleQuoteSafe(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { scalar in
      !TerminalText.needsEscape(scalar) && !["$", "`", "\"", "\\", "!"].contains(scalar)
    }
  }

  /// `text` as one argument of a paysh command line (a hint's `case ID`): as `quote`, and quoted too when,
  /// bare, paysh would read it as a snapshot reference (`@3`) or an option (`--json`).
  public static func argument(_ text: String) -> String {
    let quoted = quote(text)
    guard quoted == text, text.hasPrefix("@") || text.hasPrefix("-") else { return quoted }
    return "'" + text + "'"
  }

  /// Bare when nothing in it is special, else single quotes, or `$'…'` with escapes when the text holds
  /// characters a terminal would act on.
  public static func quote(_ text: String) -> String {
    if isBare(text) { return text }
    if text.unicodeScalars.contains(where: TerminalText.needsEscape) {
      var result = "$'"
      for scalar in text.unicodeScalars {
        switch scalar {
        case "'": result += "\\'"
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
          if TerminalText.needsEscape(scalar) {
            result +=
              scalar.value < 0x80
              ? "\\x" + TerminalText.hex(scalar.value, digits: 2) : "\\u" + TerminalText.hex(scalar.value, digits: 4)
          } else {
            result.unicodeScalars.append(scalar)
          }
        }
      }
      return result + "'"
    }
    return "'" + text.replacingAll("'", with: "'\\''") + "'"
  }
}
