/// What one rule found wrong with an order: its id, how bad, one sentence, and what it read.
public struct Verdict: Sendable, Hashable {
  public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case error, warning, info

    var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .info: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  public var rule: String
  public var severity: Severity
  /// One sentence: what is wrong, with the amounts and times that show it.
  public var sentence: String
  /// The snapshots and paths read, so a teammate can verify it (`@2 .[1].payment_status`).
  public var evidence: [Evidence]

  public init(_ rule: String, _ severity: Severity, _ sentence: String, evidence: [Evidence]) {
    self.rule = rule
    self.severity = severity
    self.sentence = sentence
    self.evidence = evidence
  }
}

/// A rule that could not run on a case, and why (the part it needs is missing): never a silent "ok".
public struct RuleNotRun: Sendable, Hashable {
  public var rule: String
  public var reason: String
}

/// Every verdict on one order, and the rules that could not run.
public struct CheckReport: Sendable {
  public var gateway: String
  public var orderID: String
  public var asOf: Instant
  public var asOfSource: String
  public var verdicts: [Verdict]
  public var notRun: [RuleNotRun]
  /// The rules that ran (and were quiet or spoke).
  public var ran: [String]

  /// No error or warning, and every rule that applies ran: what `expect check == ok` asks.
  public var isOK: Bool { notRun.isEmpty && !verdicts.contains { $0.severity != .info } }

  /// `ok`, `ok, 1 info`, `2 errors, 1 warning`, `3 rules could not run`.
  public var summary: String {
    var parts: [String] = []
    for severity in Verdict.Severity.allCases {
      let count = verdicts.filter { $0.severity == severity }.count
      if count > 0 { parts.append("\(count) \(severity.rawValue)\(count == 1 ? "" : severity == .info ? "" : "s")") }
    }
    if !notRun.isEmpty { parts.append("\(notRun.count) rule\(notRun.count == 1 ? "" : "s") could not run") }
    if parts.isEmpty { return "ok" }
    return (isOK ? "ok, " : "") + parts.joined(separator: ", ")
  }
}

/// The thresholds the rules use, with their defaults; set by `check` flags or `[check]` in config.toml.
public struct CheckThresholds: Sendable, Hashable {
  /// A SUCCESS payment on an order not PAID is "not yet" within this many minutes of the payment.
  public var graceMinutes = 15
  /// A PENDING or NOT_ATTEMPTED attempt older than this is stuck.
  public var stuckMinutes = 15
  /// A PENDING or ONHOLD refund older than this many days is late (Cashfree: 7–10 business days).
  public var refundPendingDays = 14
  /// A SUCCESS payment older than this many days should have its settlement.
  public var unsettledDays = 3

  public init() {}

  /// Each threshold's flag name (`grace_minutes` in config.toml) and what it is, in `help check` order.
  public static let settings: [(key: String, about: String)] = [
    ("grace-minutes", "minutes a SUCCESS payment may wait for its order to be PAID"),
    ("stuck-minutes", "minutes before a PENDING / NOT_ATTEMPTED attempt is stuck"),
    ("refund-pending-days", "days before a PENDING / ONHOLD refund is late"),
    ("unsettled-days", "days before a SUCCESS payment should be settled"),
  ]

  /// The threshold named `key` (a flag name); nil for an unknown one.
  public subscript(key: String) -> Int? {
    get {
      switch key {
      case "grace-minutes": graceMinutes
      case "stuck-minutes": stuckMinutes
      case "refund-pending-days": refundPendingDays
      case "unsettled-days": unsettledDays
      default: nil
      }
    }
    set {
      guard let newValue else { return }
      switch key {
      case "grace-minutes": graceMinutes = newValue
      case "stuck-minutes": stuckMinutes = newValue
      case "refund-pending-days": refundPendingDays = newValue
      case "unsettled-days": unsettledDays = newValue
      default: break
      }
    }
  }
}
