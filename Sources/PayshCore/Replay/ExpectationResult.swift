/// One `expect` as it was checked: where it is written, what it asked, what it found.
public struct ExpectationResult: Sendable, Hashable {
  /// The script file, and the line and column of the `expect`.
  public var file: String
  public var line: Int
  public var column: Int
  /// The condition as written.
  public var condition: String
  public var passed: Bool
  public var expected: String
  public var actual: String
  /// The snapshot it was checked against (`@3`).
  public var snapshot: Int

  public init(
    file: String, line: Int, column: Int, condition: String, passed: Bool, expected: String, actual: String,
    snapshot: Int
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.condition = condition
    self.passed = passed
    self.expected = expected
    self.actual = actual
    self.snapshot = snapshot
  }

  /// `ticket.ops:7:1`.
  public var location: String { "\(file):\(line):\(column)" }
}
