#if canImport(Glibc)
import Glibc
#endif

/// Wall and monotonic time without Foundation.
public enum Clock {
  /// A monotonic reading in microseconds.
  public static func now() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return spec.tv_sec * 1_000_000 + spec.tv_nsec / 1000
  }

  /// The current time as ISO-8601 UTC with milliseconds: `2026-11-22T05:31:02.123Z`.
  public static func utcTimestamp() -> String { utcText(epochMilliseconds: epochMilliseconds()) }

  /// `milliseconds` since 1970 as ISO-8601 UTC with milliseconds: `2026-11-22T05:31:02.123Z`.
  public static func utcText(epochMilliseconds milliseconds: Int) -> String {
    utcText(seconds: milliseconds / 1_000, milliseconds: milliseconds % 1_000)
  }

  /// The wall clock in milliseconds since 1970-01-01T00:00:00Z.
  public static func epochMilliseconds() -> Int {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return spec.tv_sec * 1_000 + spec.tv_nsec / 1_000_000
  }

  /// `seconds` since 1970-01-01T00:00:00Z as ISO-8601 UTC: `2026-11-22T05:31:02Z`, with `.123` when
  /// `milliseconds` are given.
  public static func utcText(seconds: Int, milliseconds: Int? = nil) -> String {
    var time = seconds
    var parts = tm()
    gmtime_r(&time, &parts)
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let fraction = milliseconds.map { "." + pad($0, 3) } ?? ""
    return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
      + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))\(fraction)Z"
  }

  /// Seconds since 1970-01-01T00:00:00Z at midnight UTC of a civil date (`timegm`).
  public static func utcSeconds(year: Int, month: Int, day: Int) -> Int {
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    return timegm(&parts)
  }
}
