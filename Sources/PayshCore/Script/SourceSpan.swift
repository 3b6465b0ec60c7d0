/// A position in a source: 1-based line and column, and the scalar offset from the start.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }

  public var description: String { "\(line):\(column)" }
}

/// The stretch of source a token or AST node came from: `start` inclusive, `end` exclusive.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// A span that covers both `self` and `other`.
  public func union(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(start: min(start, other.start), end: max(end, other.end))
  }

  /// The number of columns a caret line should cover on the first line of the span (at least 1).
  public var width: Int {
    if end.line == start.line { return max(1, end.column - start.column) }
    return 1
  }

  public var description: String { "\(start)-\(end)" }
}
