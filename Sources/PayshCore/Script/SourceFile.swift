/// A piece of `.ops` text with a name, kept so diagnostics can quote the line they point at.
///
/// The text is held as Unicode scalars: columns count scalars, which is what a caret under a word needs
/// for everything but double-width characters.
public final class SourceFile: Sendable {
  /// What to call the source in a diagnostic: a file path, `<command line>`, `<stdin>` or `<input>`.
  public let name: String
  /// The full text.
  public let text: String
  /// Scalar offsets at which each line starts (line 1 at index 0).
  let lineStarts: [Int]
  let scalars: [Unicode.Scalar]
  /// The text's bytes when it is all ASCII (then scalar offsets are byte offsets): a fast path for
  /// `text(of:)`, which the lexer calls for every word.
  let ascii: [UInt8]?
  /// The number of the first line: lines read one at a time from stdin keep their place in the stream.
  public let firstLine: Int
  /// The first byte that was not UTF-8 when the source was read from bytes (`init(name:bytes:)`); such a
  /// source is refused whole by `Interpreter.check`.
  public let invalidUTF8: InvalidUTF8?

  /// A source of `text`; a byte order mark (U+FEFF) at its start is dropped.
  public init(name: String, text: String, firstLine: Int = 1, invalidUTF8: InvalidUTF8? = nil) {
    let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    self.name = name
    self.text = text
    self.firstLine = firstLine
    self.invalidUTF8 = invalidUTF8
    let scalars = Array(text.unicodeScalars)
    self.scalars = scalars
    var starts = [0]
    for (index, scalar) in scalars.enumerated() where scalar == "\n" {
      starts.append(index + 1)
    }
    self.lineStarts = starts
    self.ascii = scalars.count == text.utf8.count ? Array(text.utf8) : nil
  }

  /// The number of lines (a trailing newline does not start a new one).
  public var lineCount: Int {
    if let last = lineStarts.last, last == scalars.count, lineStarts.count > 1 {
      return lineStarts.count - 1
    }
    return lineStarts.count
  }

  /// The text of line `number` (counted from `firstLine`), without its newline; empty when out of range.
  public func line(_ lineNumber: Int) -> String {
    let number = lineNumber - firstLine + 1
    guard number >= 1, number <= lineStarts.count else { return "" }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
    if end > start, scalars[end - 1] == "\r" { end -= 1 }
    guard end > start else { return "" }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
  }

  /// The scalar offsets of line `number` (counted from `firstLine`), without its newline or a final `\r`.
  public func lineRange(_ lineNumber: Int) -> Range<Int> {
    let number = lineNumber - firstLine + 1
    guard number >= 1, number <= lineStarts.count else { return 0..<0 }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
    if end > start, scalars[end - 1] == "\r" { end -= 1 }
    return start..<max(start, end)
  }

  /// The text of the scalars at `offsets`.
  public func text(scalars offsets: Range<Int>) -> String {
    let lower = max(0, min(offsets.lowerBound, scalars.count))
    let upper = max(lower, min(offsets.upperBound, scalars.count))
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[lower..<upper])
    return String(view)
  }

  /// The text covered by a span.
  public func text(of span: SourceSpan) -> String {
    let lower = max(0, min(span.start.offset, scalars.count))
    let upper = max(lower, min(span.end.offset, scalars.count))
    if let ascii { return String(decoding: ascii[lower..<upper], as: UTF8.self) }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[lower..<upper])
    return String(view)
  }
}
