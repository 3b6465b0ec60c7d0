/// Splits `.ops` text into words and command separators.
///
/// The rules, in the order they apply:
/// - whitespace separates words; a newline or `;` ends a command; `#` at the start of a word starts a
///   comment that runs to the end of the line;
/// - `"…"` is a string with escapes (`\"` `\\` `\n` `\t` `\r` `\$` `\u{…}`) in which `$name` and
///   `${name}` are expanded; `'…'` is a literal string with no escapes and no expansion;
/// - outside quotes, `\` takes the next character literally, and `$name` / `${name}` is a variable;
/// - pieces written next to each other make one word: `--name="a b"` is one word.
///
/// Errors do not stop the lexer: it records a diagnostic, skips to a safe point and goes on, so a
/// script can report all of its mistakes at once.
public struct Lexer {
  let source: SourceFile
  let scalars: [Unicode.Scalar]
  var index = 0
  var line = 1
  var column = 1
  public private(set) var diagnostics: [Diagnostic] = []

  public init(source: SourceFile) {
    self.source = source
    self.scalars = source.scalars
    self.line = source.firstLine
  }

  /// Reads the whole source.
  public mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    while true {
      skipBlanks()
      guard let scalar = peek() else {
        tokens.append(.end(SourceSpan(start: location, end: location)))
        return tokens
      }
      switch scalar {
      case "\n", ";":
        let start = location
        advance()
        tokens.append(.separator(SourceSpan(start: start, end: location)))
      case "#":
        while let next = peek(), next != "\n" { advance() }
      default:
        if let word = readWord() { tokens.append(.word(word)) }
      }
    }
  }

  var location: SourceLocation { SourceLocation(line: line, column: column, offset: index) }

  func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
    let position = index + ahead
    return position < scalars.count ? scalars[position] : nil
  }

  mutating func advance() {
    guard index < scalars.count else { return }
    if scalars[index] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    index += 1
  }

  mutating func skipBlanks() {
    while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
  }

  static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == ";"
  }

  mutating func error(_ message: String, at span: SourceSpan, label: String? = nil, hint: String? = nil) {
    diagnostics.append(
      Diagnostic(.error, message, span: span, source: source, label: label, hint: hint, kind: .syntax))
  }
}
