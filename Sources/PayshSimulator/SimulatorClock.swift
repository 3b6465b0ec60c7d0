import Foundation

/// The simulator's notion of "now": the fixture clock, the system clock, or a manual clock.
///
/// Scripted changes ("ACTIVE → PAID after 30 seconds"), token expiry, the times of what is created at run time,
/// webhook retries, rate-limit windows and every answer's `Date` header read this clock, so a test can move it
/// instead of sleeping.
///
/// - `fixture` (the default, ``fixture``): ticks from a given start, ``fixtureDay`` unless told otherwise, at
///   ``rate`` simulated seconds per real second (1 unless told otherwise, at most 1000), and can be advanced,
///   set and sped up or slowed down (``setRate(_:)``) without a jump.
/// - `manual`: stands still (rate 0) until advanced or set.
/// - `system`: the machine's time (rate 1); it cannot be moved.
///
/// The state (where the clock was put, when, and its rate) is kept under one lock, so ``reading`` gives a
/// time and a rate that belong together.
public final class SimulatorClock: @unchecked Sendable {
  /// What kind of clock this is, as `GET /_sim/clock` names it.
  public enum Kind: String, Sendable {
    /// Ticks from a start at a rate; movable.
    case fixture
    /// Stands still until moved.
    case manual
    /// The machine's time; not movable.
    case system
  }

  /// 2025-01-15T12:30:00+05:30, "the fixture day": the built-in fixtures are dated on or before it.
  public static let fixtureDay = Date(timeIntervalSince1970: 1_736_924_400)

  /// The rates a fixture clock may run at: simulated seconds per real second.
  public static let rateRange: ClosedRange<Double> = 1...1000

  public let kind: Kind
  private let lock = NSLock()
  /// Manual: the time it shows. Fixture: the time it showed at `anchor` (moved by advance, set and setRate).
  private var base: Date
  /// Fixture: the real (monotonic) instant `base` was shown at.
  private var anchor = ContinuousClock.now
  /// Fixture: simulated seconds per real second.
  private var ticking: Double

  private init(kind: Kind, base: Date, rate: Double) {
    self.kind = kind
    self.base = base
    self.ticking = rate
  }

  /// The system clock.
  public static var system: SimulatorClock { SimulatorClock(kind: .system, base: Date(), rate: 1) }

  /// A clock that stands still at `start` until advanced.
  public static func manual(start: Date = Date(timeIntervalSince1970: 1_735_700_400)) -> SimulatorClock {
    SimulatorClock(kind: .manual, base: start, rate: 0)
  }

  /// A clock that starts at `start` and moves with real (monotonic) time, `rate` simulated seconds per real
  /// second; it can be advanced and set. A rate outside ``rateRange`` is brought into it (NaN runs at 1).
  public static func ticking(from start: Date, rate: Double = 1) -> SimulatorClock {
    SimulatorClock(kind: .fixture, base: start, rate: clamped(rate))
  }

  /// The ticking clock starting at ``fixtureDay`` at rate 1: the simulator's default.
  public static var fixture: SimulatorClock { ticking(from: fixtureDay) }

  /// Whether this clock is manual.
  public var isManual: Bool { kind == .manual }

  /// Whether ``advance(by:)`` and ``set(_:)`` move this clock (all but the system clock).
  public var isMovable: Bool { kind != .system }

  /// The current time.
  public var now: Date { reading.now }

  /// Simulated seconds per real second: a fixture clock's rate, 1 for the system clock, 0 for a manual one.
  public var rate: Double { reading.rate }

  /// The current time and the rate it moves at, read together.
  public var reading: (now: Date, rate: Double) {
    switch kind {
    case .system: return (Date(), 1)
    case .manual: return (lock.withLock { base }, 0)
    case .fixture:
      return lock.withLock { (shownLocked(at: ContinuousClock.now), ticking) }
    }
  }

  /// Fixture: the time shown at the real instant `instant` (call under the lock).
  private func shownLocked(at instant: ContinuousClock.Instant) -> Date {
    let elapsed = instant - anchor
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return base.addingTimeInterval(seconds * ticking)
  }

  /// Moves a manual or fixture clock by `seconds` (no effect on the system clock).
  public func advance(by seconds: TimeInterval) {
    guard isMovable else { return }
    lock.withLock { base = base.addingTimeInterval(seconds) }
  }

  /// Sets a manual or fixture clock to `date` (no effect on the system clock); a fixture clock ticks on from it.
  public func set(_ date: Date) {
    guard isMovable else { return }
    lock.withLock {
      base = date
      anchor = ContinuousClock.now
    }
  }

  /// Changes a fixture clock's rate (brought into ``rateRange``), going on from the time it shows now: no
  /// jump. False, and nothing changed, for a manual or system clock.
  @discardableResult
  public func setRate(_ rate: Double) -> Bool {
    guard kind == .fixture else { return false }
    let rate = Self.clamped(rate)
    lock.withLock {
      let instant = ContinuousClock.now
      base = shownLocked(at: instant)
      anchor = instant
      ticking = rate
    }
    return true
  }

  static func clamped(_ rate: Double) -> Double {
    rate.isNaN ? 1 : min(rateRange.upperBound, max(rateRange.lowerBound, rate))
  }
}

/// Formats times the way the gateways send them: IST (+05:30).
enum SimTime {
  static let istOffset = 19_800

  /// `2023-08-11T18:02:46+05:30` (Cashfree).
  static func iso(_ date: Date) -> String {
    let parts = civil(date)
    return "\(parts.date)T\(parts.time)+05:30"
  }

  /// `2023-08-11T18:02:46.250+05:30`: `seconds` since 1970 to the nearest millisecond, for the admin API.
  static func isoMillis(seconds since1970: Double) -> String {
    // Whole milliseconds first: the fraction left after taking the seconds off ~1.7e9 has lost precision
    // (and a Date keeps its time from 2001, so even -0.001 read from one is a little off).
    let total = Int((since1970 * 1000).rounded())
    let seconds = total >= 0 ? total / 1000 : (total - 999) / 1000
    let parts = civil(Date(timeIntervalSince1970: Double(seconds)))
    let fraction = String(total - seconds * 1000)
    return "\(parts.date)T\(parts.time).\(String(repeating: "0", count: 3 - fraction.count) + fraction)+05:30"
  }

  /// `2024-04-05 12:19:24` in IST without a zone (Paytring, EnKash).
  static func local(_ date: Date) -> String {
    let parts = civil(date)
    return "\(parts.date) \(parts.time)"
  }

  /// `HH:MM:SS` local time of day, for request log lines.
  static func clockTime(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let local = seconds + TimeZone.current.secondsFromGMT(for: date)
    let day = ((local % 86_400) + 86_400) % 86_400
    return pad(day / 3600) + ":" + pad(day / 60 % 60) + ":" + pad(day % 60)
  }

  static func civil(_ date: Date) -> (date: String, time: String) {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + istOffset
    var days = seconds / 86_400
    var rest = seconds % 86_400
    if rest < 0 {
      rest += 86_400
      days -= 1
    }
    let (year, month, day) = civilDate(days: days)
    let dateText = "\(year4(year))-\(pad(month))-\(pad(day))"
    return (dateText, pad(rest / 3600) + ":" + pad(rest / 60 % 60) + ":" + pad(rest % 60))
  }

  /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's days-to-civil).
  static func civilDate(days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// A year in four digits (`0001`), as IMF-fixdate and ISO-8601 write it.
  static func year4(_ value: Int) -> String {
    let text = String(value)
    return value >= 0 && text.count < 4 ? String(repeating: "0", count: 4 - text.count) + text : text
  }

  /// An HTTP `Date` header value, IMF-fixdate (RFC 9110 5.6.7): `Wed, 15 Jan 2025 07:00:00 GMT`.
  static func httpDate(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - days * 86_400
    let (year, month, day) = civilDate(days: days)
    let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let time = pad(rest / 3600) + ":" + pad(rest / 60 % 60) + ":" + pad(rest % 60)
    return "\(weekdays[((days % 7) + 7) % 7]), \(pad(day)) \(months[month - 1]) \(year4(year)) \(time) GMT"
  }

  /// Reads ISO-8601 with its offset: `2025-01-15T12:30:00+05:30`, `…T07:00:00Z`, fractions of a second
  /// allowed. Nil without an offset or when a field is out of range.
  static func parseISO(_ text: String) -> Date? {
    let chars = Array(text.utf8)
    func number(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= chars.count else { return nil }
      var value = 0
      for byte in chars[from..<(from + count)] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard chars.count >= 20, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
      chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"), chars[13] == UInt8(ascii: ":"),
      chars[16] == UInt8(ascii: ":"), let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
      let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
    else { return nil }
    var index = 19
    var fraction = 0.0
    if index < chars.count, chars[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      let start = index
      while index < chars.count, (48...57).contains(chars[index]) {
        fraction += Double(chars[index] - 48) * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    guard index < chars.count else { return nil }
    var offset = 0
    switch chars[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      guard index + 1 == chars.count else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard index + 6 == chars.count, chars[index + 3] == UInt8(ascii: ":"), let hours = number(index + 1, 2),
        let minutes = number(index + 4, 2), hours < 24, minutes < 60
      else { return nil }
      offset = (hours * 3600 + minutes * 60) * (chars[index] == UInt8(ascii: "-") ? -1 : 1)
    default: return nil
    }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
    return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
