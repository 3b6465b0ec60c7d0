/// A moment as whole seconds since 1970-01-01T00:00:00Z: what ages and time order are computed on, never
/// what is shown (a `Timestamp` keeps the gateway's zone for that).
public struct Instant: Sendable, Hashable, Comparable {
  public var seconds: Int

  public init(seconds: Int) { self.seconds = seconds }

  public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

  /// `2025-01-15T12:30:00+05:30`, `2026-11-22T05:31:02.123Z` (fractions dropped); nil for anything else.
  public init?(iso8601 text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
      Timestamp.isDate(bytes[0..<10]), Timestamp.isTime(bytes[11..<19])
    else { return nil }
    func number(_ range: Range<Int>) -> Int {
      bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) }
    }
    let zone = Array(bytes.dropFirst(19).drop { $0 == UInt8(ascii: ".") || (48...57).contains($0) })
    var offset = 0
    if zone == [UInt8(ascii: "Z")] {
      offset = 0
    } else if Timestamp.isOffset(String(decoding: zone, as: UTF8.self)) {
      let hours = Int(zone[1] - 48) * 10 + Int(zone[2] - 48)
      let minutes = Int(zone[4] - 48) * 10 + Int(zone[5] - 48)
      offset = (hours * 3600 + minutes * 60) * (zone[0] == UInt8(ascii: "-") ? -1 : 1)
    } else {
      return nil
    }
    let (month, day) = (number(5..<7), number(8..<10))
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    let midnight = Clock.utcSeconds(year: number(0..<4), month: month, day: day)
    seconds = midnight + number(11..<13) * 3600 + number(14..<16) * 60 + number(17..<19) - offset
  }

  /// An HTTP `Date` header (IMF-fixdate, RFC 9110 5.6.7): `Wed, 15 Jan 2025 07:00:00 GMT`; nil otherwise.
  static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  public init?(httpDate text: String) {
    // Read byte by byte: `check` reads one for every case, and splitting into Strings was 3% of it.
    let bytes = Array(text.utf8)
    guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == 32, bytes[7] == 32, bytes[11] == 32,
      bytes[16] == 32, bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"), bytes[25] == 32,
      bytes[26...28].elementsEqual("GMT".utf8)
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let day = number(5..<7), (1...31).contains(day),
      let month = Instant.months.firstIndex(where: { $0.utf8.elementsEqual(bytes[8..<11]) }),
      let year = number(12..<16),
      let hour = number(17..<19), let minute = number(20..<22), let second = number(23..<25), hour < 24,
      minute < 60, second < 61
    else { return nil }
    seconds = Clock.utcSeconds(year: year, month: month + 1, day: day) + hour * 3600 + minute * 60 + second
  }

  /// `2025-01-15T07:00:00Z`.
  public var utcText: String { Clock.utcText(seconds: seconds) }

  /// `2 h 5 min`, `3 days 4 h`, `40 s`: a duration as a support engineer says it.
  public static func duration(_ seconds: Int) -> String {
    let value = abs(seconds)
    if value < 60 { return "\(value) s" }
    if value < 3600 { return "\(value / 60) min" }
    if value < 86_400 {
      let minutes = value / 60 % 60
      return "\(value / 3600) h" + (minutes == 0 ? "" : " \(minutes) min")
    }
    let days = value / 86_400
    let hours = value / 3600 % 24
    return "\(days) day\(days == 1 ? "" : "s")" + (hours == 0 ? "" : " \(hours) h")
  }
}

extension Timestamp {
  /// The moment this time names, for ordering and ages.
  public var instant: Instant? { Instant(iso8601: iso8601) }
}
