/// A retry about to be waited for, told to the user as it happens (stderr) so a slow fetch shows progress:
/// `retrying in 0.4 s (attempt 2 of 4): HTTP 503`.
public struct RetryNotice: Sendable, Hashable {
  /// The attempt about to be made (2 for the first retry).
  public var attempt: Int
  /// The most attempts there will be.
  public var attempts: Int
  /// The wait before it, in milliseconds.
  public var waitMilliseconds: Int
  /// Why the attempt before did not do: `HTTP 503`, `no answer within 10 s (timeout)`.
  public var problem: String

  /// The line shown, ending in a newline.
  public var line: String {
    let tenths = (waitMilliseconds + 50) / 100
    return "retrying in \(tenths / 10).\(tenths % 10) s (attempt \(attempt) of \(attempts)): \(problem)\n"
  }
}
