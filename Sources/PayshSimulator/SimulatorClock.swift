import Foundation

/// The simulator's notion of "now": the system clock, or a manual clock that tests move by hand.
///
/// Scripted changes ("ACTIVE → PAID after 30 seconds") and token expiry read this clock, so a test can
/// advance it instead of sleeping.
public final class SimulatorClock: @unchecked Sendable {
  private let lock = NSLock()
  private var manualNow: Date?

  private init(manualNow: Date?) { self.manualNow = manualNow }

  /// The system clock.
  public static var system: SimulatorClock { SimulatorClock(manualNow: nil) }

  /// A clock that stands still at `start` until advanced.
  public static func manual(start: Date = Date(timeIntervalSince1970: 1_735_700_400)) -> SimulatorClock {
    SimulatorClock(manualNow: start)
  }

  /// Whether this clock is manual.
  public var isManual: Bool { lock.withLock { manualNow != nil } }

  /// The current time.
  public var now: Date { lock.withLock { manualNow } ?? Date() }

  /// Moves a manual clock forward (no effect on the system clock).
  public func advance(by seconds: TimeInterval) {
    lock.withLock {
      if let current = manualNow { manualNow = current.addingTimeInterval(seconds) }
    }
  }

  /// Sets a manual clock to `date` (no effect on the system clock).
  public func set(_ date: Date) {
    lock.withLock {
      if manualNow != nil { manualNow = date }
    }
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
    // Howard Hinnant's days-to-civil algorithm.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    let dateText = "\(year)-\(pad(month))-\(pad(day))"
    return (dateText, pad(rest / 3600) + ":" + pad(rest / 60 % 60) + ":" + pad(rest % 60))
  }

  static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
