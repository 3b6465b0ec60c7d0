/// Why a path's text is not a valid path, and at which column.
///
/// `description` reads `expected a name or '[' after '.' at column 8`.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was wrong, without the position.
  public var message: String
  /// 1-based column (in characters) of the offending character, or one past the end when text ran out.
  public var column: Int
  /// The path text as given.
  public var text: String

  public init(message: String, column: Int, text: String) {
    self.message = message
    self.column = column
    self.text = text
  }

  public var description: String { "\(message) at column \(column)" }
}
