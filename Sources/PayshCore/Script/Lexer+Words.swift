extension Lexer {
  /// Reads one word made of bare, double-quoted and single-quoted pieces; nil if nothing was read.
  mutating func readWord() -> Word? {
    let start = location
    var parts: [WordPart] = []
    var text = ""
    var quoted = false
    while let scalar = peek(), !Lexer.endsWord(scalar) {
      switch scalar {
      case "\"":
        quoted = true
        readDoubleQuoted(into: &parts, text: &text)
      case "'":
        quoted = true
        readSingleQuoted(into: &text)
      case "\\":
        let escapeStart = location
        advance()
        if let next = peek(), next != "\n" {
          text.unicodeScalars.append(next)
          advance()
        } else {
          error(
            "a backslash at the end of a line escapes nothing",
            at: SourceSpan(start: escapeStart, end: location),
            hint: "write \\\\ for a literal backslash")
        }
      case "$":
        readVariable(into: &parts, text: &text)
      default:
        text.unicodeScalars.append(scalar)
        advance()
      }
    }
    Lexer.flush(&parts, &text)
    let end = location
    guard end.offset > start.offset else { return nil }
    let span = SourceSpan(start: start, end: end)
    if parts.isEmpty { parts = [.text("")] }
    return Word(parts: parts, span: span, quoted: quoted, raw: source.text(of: span))
  }

  /// Reads `$name` or `${name}`, appending a variable part (or reporting a malformed one).
  mutating func readVariable(into parts: inout [WordPart], text: inout String) {
    let start = location
    advance()  // $
    var name = ""
    if peek() == "{" {
      advance()
      while let scalar = peek(), Lexer.isNameScalar(scalar) {
        name.unicodeScalars.append(scalar)
        advance()
      }
      if peek() == "}" {
        advance()
      } else if let next = peek(), next == "$" || next == "{" {
        skipNested(from: start)
        return
      } else {
        error(
          "unclosed ${…}: expected '}' after the variable name",
          at: SourceSpan(start: start, end: location), hint: "write ${name}")
        return
      }
    } else {
      while let scalar = peek(), Lexer.isNameScalar(scalar) {
        name.unicodeScalars.append(scalar)
        advance()
      }
    }
    let span = SourceSpan(start: start, end: location)
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else {
      error(
        name.isEmpty ? "'$' is not followed by a variable name" : "a variable name cannot start with a digit",
        at: span, label: "here",
        hint: "variable names are letters, digits and _; write \\$ for a literal dollar sign")
      return
    }
    Lexer.flush(&parts, &text)
    parts.append(.variable(name, span))
  }

  /// `${…}` holds a name only: a `$` or `{` inside it is one error, and the rest of that `${…}` (to its
  /// matching `}`, or the end of the line) is skipped, however deep it goes. Nesting is never followed, so
  /// the work and the errors stay bounded (8,000 levels are one error, read in one pass).
  mutating func skipNested(from start: SourceLocation) {
    var depth = 1
    while let scalar = peek(), scalar != "\n", depth > 0 {
      if scalar == "{" { depth += 1 }
      if scalar == "}" { depth -= 1 }
      advance()
    }
    error(
      "${…} cannot nest: it holds a variable name only",
      at: SourceSpan(
        start: start, end: SourceLocation(line: start.line, column: start.column + 2, offset: start.offset + 2)),
      label: "this ${ holds more than a name",
      hint: "set the inner value first (`set inner = …`), then write ${inner}")
  }

  /// Reads a `"…"` string, expanding escapes and variables.
  mutating func readDoubleQuoted(into parts: inout [WordPart], text: inout String) {
    let open = location
    advance()
    while let scalar = peek() {
      switch scalar {
      case "\"":
        advance()
        return
      case "\n":
        break
      case "\\":
        readEscape(into: &text)
        continue
      case "$":
        readVariable(into: &parts, text: &text)
        continue
      default:
        text.unicodeScalars.append(scalar)
        advance()
        continue
      }
      break
    }
    error(
      "unterminated string: this \" is never closed",
      at: SourceSpan(
        start: open, end: SourceLocation(line: open.line, column: open.column + 1, offset: open.offset + 1)),
      label: "string starts here", hint: "close it with \" on the same line")
  }

  /// Reads one `\x` escape inside a double-quoted string.
  mutating func readEscape(into text: inout String) {
    let start = location
    advance()
    guard let scalar = peek(), scalar != "\n" else {
      error("a backslash at the end of a line escapes nothing", at: SourceSpan(start: start, end: location))
      return
    }
    advance()
    switch scalar {
    case "n": text += "\n"
    case "t": text += "\t"
    case "r": text += "\r"
    case "0": text += "\0"
    case "\"", "\\", "$", "'": text.unicodeScalars.append(scalar)
    case "u":
      readUnicodeEscape(start: start, into: &text)
    default:
      error(
        "unknown escape '\\\(scalar)'", at: SourceSpan(start: start, end: location),
        hint: "escapes are \\\" \\\\ \\n \\t \\r \\$ \\u{…}; write \\\\ for a backslash")
    }
  }

  mutating func readUnicodeEscape(start: SourceLocation, into text: inout String) {
    var digits = ""
    if peek() == "{" {
      advance()
      while let scalar = peek(), scalar.properties.isASCIIHexDigit, digits.count < 8 {
        digits.unicodeScalars.append(scalar)
        advance()
      }
      if peek() == "}" {
        advance()
        if let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) {
          text.unicodeScalars.append(scalar)
          return
        }
      }
    }
    error(
      "invalid unicode escape", at: SourceSpan(start: start, end: location),
      hint: "write \\u{1F600}: one to eight hex digits in braces, naming a valid code point")
  }

  /// Reads a `'…'` literal string.
  mutating func readSingleQuoted(into text: inout String) {
    let open = location
    advance()
    while let scalar = peek(), scalar != "\n" {
      advance()
      if scalar == "'" { return }
      text.unicodeScalars.append(scalar)
    }
    error(
      "unterminated string: this ' is never closed",
      at: SourceSpan(
        start: open, end: SourceLocation(line: open.line, column: open.column + 1, offset: open.offset + 1)),
      label: "string starts here", hint: "close it with ' on the same line")
  }

  /// Moves pending literal text into `parts`.
  static func flush(_ parts: inout [WordPart], _ text: inout String) {
    if !text.isEmpty {
      parts.append(.text(text))
      text = ""
    }
  }

  static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
  }
}
