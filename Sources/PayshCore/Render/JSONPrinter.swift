import PayshJSON

/// Prints a `JSONValue` as JSON text: indented and optionally coloured for people, or compact for the wire;
/// the writing itself is `JSONOutput`'s (PayshJSON), shared with the simulator.
///
/// Numbers are printed as their literal text and members in their stored order (unless `sortKeys`), so
/// `JSONParser.parse(JSONPrinter.compact(v)) == v` for every value. Strings are escaped per RFC 8259:
/// `"` and `\`, the control characters `\b \f \n \r \t` in their short forms and the rest below U+0020 as
/// `\u00xx` (lower-case hex); `/` and other text are written as they are, in UTF-8, except that the pretty
/// form people read also escapes DEL, the C1 controls and the bidirectional controls (`TerminalText`).
///
/// Colours (only when `style.colour`): keys bold blue, strings green, numbers cyan, `true`/`false`
/// yellow, `null` magenta; punctuation stays plain.
public struct JSONPrinter: Sendable {
  public var style: TextStyle
  public var indent: Int
  public var sortKeys: Bool

  public init(style: TextStyle = .plain, indent: Int = 2, sortKeys: Bool = false) {
    self.style = style
    self.indent = max(0, indent)
    self.sortKeys = sortKeys
  }

  /// Multi-line text: one element or member a line, nested levels indented by `indent` spaces; empty
  /// arrays and objects as `[]` and `{}`; no trailing newline. Escapes what `TerminalText.needsEscape`
  /// names, so the text is safe on a terminal.
  public func pretty(_ value: JSONValue) -> String {
    var output = JSONOutput(colour: style.colour, visible: TerminalText.needsEscape)
    output.pretty(value, indent: indent, sortKeys: sortKeys)
    return output.string
  }

  /// The shortest text: no whitespace at all, members in stored order, no colour (`JSONValue.compactText`,
  /// the form the simulator answers in).
  public static func compact(_ value: JSONValue) -> String {
    value.compactText
  }

  /// `text` as a JSON string literal, quotes included, no colour.
  public static func quoted(_ text: String) -> String {
    var output = JSONOutput()
    output.quoted(text)
    return output.string
  }
}
