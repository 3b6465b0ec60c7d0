/// The text before the cursor split the way completion needs it: the words of the command being typed,
/// and the word under the cursor, which may be unfinished (an open quote, a trailing backslash).
///
/// It follows the lexer's rules (blanks separate words, `;` ends a command, `#` at the start of a word starts
/// a comment, `"…"` and `'…'` quote, `\` escapes outside single quotes) but never fails: a half-typed line is
/// what it exists for.
struct PartialLine: Sendable, Equatable {
  /// One word as completion sees it.
  struct Piece: Sendable, Equatable {
    /// The word's text with quotes and escapes removed (`$name` kept as written).
    var text: String = ""
    /// Where the word starts, in Unicode scalars from the start of the line.
    var start: Int
    /// True when any part of the word was quoted.
    var quoted = false
    /// The quote still open at the end of the word, if any (only for the word under the cursor).
    var openQuote: Unicode.Scalar?
    /// Where the text of the last unquoted or double-quoted `$` starts, as (scalar offset in the line,
    /// offset in `text`); nil when the word has none or something other than a name followed it.
    var variable: (line: Int, text: Int)?

    static func == (lhs: Piece, rhs: Piece) -> Bool {
      lhs.text == rhs.text && lhs.start == rhs.start && lhs.quoted == rhs.quoted && lhs.openQuote == rhs.openQuote
        && lhs.variable?.line == rhs.variable?.line && lhs.variable?.text == rhs.variable?.text
    }

    /// Forgets the `$` once something other than a name character has followed it.
    mutating func dropBrokenVariable() {
      if let variable, !PartialLine.isVariableTail(text, from: variable.text) { self.variable = nil }
    }

    /// True for an unquoted word spelled like a long option.
    var isOption: Bool { !quoted && text.hasPrefix("--") && text.count > 2 }
  }

  /// The finished words of the command under the cursor, its name first.
  var words: [Piece] = []
  /// The word under the cursor (empty text when the cursor follows a blank).
  var current: Piece
  /// True when the cursor is inside a `#` comment: nothing completes there.
  var inComment = false

  /// Splits `text` (everything before the cursor).
  init(_ text: String) {
    let scalars = Array(text.unicodeScalars)
    current = Piece(start: 0)
    var inWord = false
    var index = 0
    func finishWord() {
      if inWord { words.append(current) }
      inWord = false
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if let quote = current.openQuote {
        if scalar == quote {
          current.openQuote = nil
        } else if quote == "\"", scalar == "\\", index + 1 < scalars.count {
          index += 1
          current.text.unicodeScalars.append(scalars[index])
        } else {
          if quote == "\"", scalar == "$" { current.variable = (index, current.text.unicodeScalars.count) }
          current.text.unicodeScalars.append(scalar)
        }
        current.dropBrokenVariable()
        index += 1
        continue
      }
      switch scalar {
      case " ", "\t", "\r", "\n", ";":
        finishWord()
        if scalar == ";" || scalar == "\n" { words = [] }
        current = Piece(start: index + 1)
      case "#" where !inWord:
        inComment = true
        return
      default:
        if !inWord {
          inWord = true
          current = Piece(start: index)
        }
        switch scalar {
        case "\"", "'":
          current.quoted = true
          current.openQuote = scalar
          current.variable = nil
        case "\\":
          current.variable = nil
          if index + 1 < scalars.count {
            index += 1
            current.text.unicodeScalars.append(scalars[index])
          }
        case "$":
          current.variable = (index, current.text.unicodeScalars.count)
          current.text.unicodeScalars.append(scalar)
        default:
          current.text.unicodeScalars.append(scalar)
        }
      }
      current.dropBrokenVariable()
      index += 1
    }
    if !inWord { current = Piece(start: scalars.count) }
  }

  /// The `$name` being typed at the end of the current word, with where it starts in the line.
  var variablePrefix: (name: String, start: Int)? {
    guard let variable = current.variable, current.openQuote != "'" else { return nil }
    let tail = String(current.text.unicodeScalars.dropFirst(variable.text + 1))
    guard PartialLine.isVariableTail(current.text, from: variable.text) else { return nil }
    return (tail.hasPrefix("{") ? String(tail.dropFirst()) : tail, variable.line)
  }

  /// True when `text` from scalar `offset` on is `$` followed only by name characters (or `${` and them).
  static func isVariableTail(_ text: String, from offset: Int) -> Bool {
    var tail = text.unicodeScalars.dropFirst(offset)
    guard tail.first == "$" else { return false }
    tail = tail.dropFirst()
    if tail.first == "{" { tail = tail.dropFirst() }
    return tail.allSatisfy { scalar in
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
  }
}
