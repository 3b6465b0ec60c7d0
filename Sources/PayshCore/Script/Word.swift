/// One piece of a word: literal text, or a `$name` to be replaced by the variable's value.
public enum WordPart: Sendable, Hashable {
  case text(String)
  case variable(String, SourceSpan)
}

/// A word of a command line as the lexer read it: bare, quoted, or made of both (`--name="a b"`).
///
/// Words keep their parts so `$name` inside them is expanded when the command runs, not when it is read.
public struct Word: Sendable, Hashable, CustomStringConvertible {
  public var parts: [WordPart]
  public var span: SourceSpan
  /// True when any part of the word was quoted: a quoted word is never an option, a ref or a keyword.
  public var quoted: Bool
  /// The word as written in the source, quotes and all.
  public var raw: String

  public init(parts: [WordPart], span: SourceSpan, quoted: Bool, raw: String) {
    self.parts = parts
    self.span = span
    self.quoted = quoted
    self.raw = raw
  }

  /// The text when the word holds no variable; nil otherwise.
  public var literal: String? {
    var result = ""
    for part in parts {
      guard case .text(let text) = part else { return nil }
      result += text
    }
    return result
  }

  /// The variable name when the whole word is one unquoted `$name`.
  public var variableName: String? {
    guard !quoted, parts.count == 1, case .variable(let name, _) = parts[0] else { return nil }
    return name
  }

  /// The reference name when the word is an unquoted `@ref` (`@last`, `@prev`, `@3`, `@first`).
  public var refName: String? {
    guard !quoted, let text = literal, text.hasPrefix("@"), text.count > 1 else { return nil }
    return String(text.dropFirst())
  }

  /// True for an unquoted word spelled like a long option: `--name` or `--name=value`.
  public var isOption: Bool {
    guard !quoted, case .text(let first)? = parts.first else { return false }
    return first.hasPrefix("--") && first.count > 2
  }

  public var description: String { raw }
}
