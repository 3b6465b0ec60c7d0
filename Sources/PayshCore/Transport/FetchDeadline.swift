/// One deadline over everything a fetch sends: an EnKash login first, every attempt and every wait between
/// them. Each attempt's own timeout is capped by what is left of it, and a wait that would pass it is not
/// taken. `PAYSH_FETCH_DEADLINE` (whole seconds) sets it; the default is 30 s.
public struct FetchDeadline: Sendable, Hashable {
  /// The environment variable that sets the deadline, in seconds.
  public static let variable = "PAYSH_FETCH_DEADLINE"
  public static let defaultSeconds = 30
  /// The longest deadline accepted: an hour.
  public static let longestSeconds = 3_600

  /// The deadline's length, for messages.
  public let seconds: Int
  /// When it passes, on the monotonic scale of `Clock.now()` (microseconds).
  public let end: Int

  /// A deadline `seconds` from `start`.
  public init(seconds: Int = FetchDeadline.defaultSeconds, from start: Int = Clock.now()) {
    self.seconds = seconds
    self.end = start + seconds * 1_000_000
  }

  /// The same deadline, `microseconds` later: the time a request waited for its turn under a rate limit is
  /// not time it spent being answered.
  public func extended(by microseconds: Int) -> FetchDeadline {
    FetchDeadline(seconds: seconds, from: end - seconds * 1_000_000 + microseconds)
  }

  /// Microseconds left at `now` (zero or less once it has passed).
  public func remaining(at now: Int = Clock.now()) -> Int { end - now }

  /// The seconds `environment` sets, or the default; nil when its value is not whole seconds from 1 to an hour.
  public static func seconds(in environment: [String: String]) -> Int? {
    guard let text = environment[variable] else { return defaultSeconds }
    guard let seconds = Int(text.trimmingSpaces()), (1...longestSeconds).contains(seconds) else { return nil }
    return seconds
  }
}
