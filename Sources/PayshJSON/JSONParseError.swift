/// Why a document is not valid JSON, and where: byte offset, line, column and the text around it.
///
/// `description` reads `invalid JSON at line 3, column 14: expected ',' or '}' after a member`.
/// Lines are counted by `\n`; columns count Unicode scalars from the start of the line, both from 1.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was wrong, without the position: `expected ':' after a member name`.
  public var message: String
  /// Offset of the offending byte from the start of the document (the end of input when it ran out).
  public var offset: Int
  /// 1-based line of `offset`.
  public var line: Int
  /// 1-based column of `offset` on its line, in Unicode scalars.
  public var column: Int
  /// Up to about 30 characters either side of the offset, from the offending line only.
  public var excerpt: String
  /// Column of the offending character inside `excerpt`, 1-based (for a caret under it).
  public var excerptColumn: Int

  public init(message: String, offset: Int, line: Int, column: Int, excerpt: String, excerptColumn: Int) {
    self.message = message
    self.offset = offset
    self.line = line
    self.column = column
    self.excerpt = excerpt
    self.excerptColumn = excerptColumn
  }

  public var description: String {
    "invalid JSON at line \(line), column \(column): \(message)"
  }

  /// Locates `offset` in `bytes` and builds the error.
  static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ message: String) -> JSONParseError {
    let offset = min(max(offset, 0), bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    var lineEnd = offset
    while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
    let column = scalarCount(bytes, from: lineStart, to: offset) + 1
    let excerptStart = boundary(bytes, atOrBefore: max(lineStart, offset - 30), lowest: lineStart)
    let excerptEnd = boundary(bytes, atOrBefore: min(lineEnd, offset + 31), lowest: offset)
    let excerpt = String(decoding: UnsafeBufferPointer(rebasing: bytes[excerptStart..<excerptEnd]), as: UTF8.self)
    return JSONParseError(
      message: message, offset: offset, line: line, column: column, excerpt: excerpt,
      excerptColumn: scalarCount(bytes, from: excerptStart, to: offset) + 1)
  }

  /// Scalars (UTF-8 lead bytes) in `bytes[from..<to]`.
  private static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    var count = 0
    for index in from..<to where bytes[index] & 0xC0 != 0x80 { count += 1 }
    return count
  }

  /// `index` moved back to the start of a UTF-8 sequence, not below `lowest`.
  private static func boundary(_ bytes: UnsafeBufferPointer<UInt8>, atOrBefore index: Int, lowest: Int) -> Int {
    var index = index
    while index > lowest, index < bytes.count, bytes[index] & 0xC0 == 0x80 { index -= 1 }
    return index
  }
}
