/// A password held for the team store. It shows as `•••` however it is printed, interpolated, dumped or
/// reflected, so a log line or a test failure can never spell it; only `reveal()` gives the text, to hand it
/// to the PostgreSQL driver.
public struct TeamSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  private let value: String

  public init(_ value: String) { self.value = value }

  /// The password itself: only for the connection's configuration, never for text anyone reads.
  public func reveal() -> String { value }

  public var description: String { "•••" }
  public var debugDescription: String { "TeamSecret(•••)" }
  public var customMirror: Mirror { Mirror(self, children: []) }
}
