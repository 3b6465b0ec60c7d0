/// One check a payments engineer makes on an order: what it needs, what it says, and on what basis.
///
/// The rules read only the case (stored answers); each is documented in `help check` by its `line`, and its
/// `basis` names the gateway semantics it rests on (docs/CHECKS.md).
public struct CheckRule: Sendable {
  /// A part of the case a rule reads.
  public enum Need: String, Sendable, Hashable {
    case order, payments, refunds, settlement
  }

  public let id: String
  /// The worst it can say.
  public let severity: Verdict.Severity
  /// Its line in `help check`.
  public let line: String
  public let needs: [Need]
  /// The gateways it applies to; nil for every one.
  public let gateways: Set<String>?
  /// A second id its verdicts may carry, with its severity and line (`status_backwards` also says
  /// `late_authorisation`, read from the same history).
  public let alsoSays: (id: String, severity: Verdict.Severity, line: String)?
  let judge: @Sendable (OrderCase, CheckThresholds) -> [Verdict]

  init(
    _ id: String, _ severity: Verdict.Severity, needs: [Need], gateways: Set<String>? = nil, _ line: String,
    alsoSays: (id: String, severity: Verdict.Severity, line: String)? = nil,
    judge: @escaping @Sendable (OrderCase, CheckThresholds) -> [Verdict]
  ) {
    self.id = id
    self.severity = severity
    self.line = line
    self.needs = needs
    self.gateways = gateways
    self.alsoSays = alsoSays
    self.judge = judge
  }

}

/// Runs the rules on a case.
public enum CheckRules {
  /// Every rule, in the order `help check` lists them and verdicts are shown.
  public static let all: [CheckRule] = paymentRules + refundRules + settlementRules + statusRules + webhookRules

  /// Each id a verdict may carry, with its severity and line, as `help check` lists them: every rule's own,
  /// then the second ids some also say.
  public static let lines: [(id: String, severity: Verdict.Severity, line: String)] =
    all.map { ($0.id, $0.severity, $0.line) } + all.compactMap(\.alsoSays)

  /// The ids, for `expect check contains ID` and Tab.
  public static let ids: [String] = lines.map(\.id)

  /// Where each id's verdicts are listed: in the order of the rules that say them.
  static let place: [String: Int] = Dictionary(
    uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) }
      + all.enumerated().compactMap { index, rule in rule.alsoSays.map { ($0.id, index) } })

  /// Judges `orderCase`: every rule that applies to its gateway and has what it needs runs; one that lacks
  /// a part says why instead. Verdicts come errors first, then in rule order.
  public static func run(_ orderCase: OrderCase, thresholds: CheckThresholds = CheckThresholds()) -> CheckReport {
    var verdicts: [Verdict] = []
    var notRun: [RuleNotRun] = []
    var ran: [String] = []
    rules: for rule in all {
      if let gateways = rule.gateways, !gateways.contains(orderCase.gateway) { continue }
      for need in rule.needs {
        switch need.part(of: orderCase) {
        case .offeredNot: continue rules
        case .missing(let reason):
          notRun.append(RuleNotRun(rule: rule.id, reason: reason))
          continue rules
        case .present: break
        }
      }
      ran.append(rule.id)
      verdicts += rule.judge(orderCase, thresholds)
    }
    verdicts = verdicts.enumerated().sorted { a, b in
      if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
      let (ra, rb) = (place[a.element.rule] ?? all.count, place[b.element.rule] ?? all.count)
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map(\.element)
    return CheckReport(
      gateway: orderCase.gateway, orderID: orderCase.orderID, asOf: orderCase.asOf,
      asOfSource: orderCase.asOfSource, verdicts: verdicts, notRun: notRun, ran: ran)
  }
}

extension CheckRule.Need {
  enum State {
    case present
    case missing(String)
    case offeredNot
  }

  func part(of orderCase: OrderCase) -> State {
    func state<Value>(_ part: CasePart<Value>) -> State {
      switch part {
      case .known: .present
      case .missing(let reason): .missing(reason)
      case .notOffered: .offeredNot
      }
    }
    switch self {
    case .order: return state(orderCase.order)
    case .payments: return state(orderCase.payments)
    case .refunds: return state(orderCase.refunds)
    case .settlement: return state(orderCase.settlement)
    }
  }
}

/// Sums and ages the rules share.
enum CaseMath {
  /// The total of `amounts` when they are all in one currency (nil for none or a mix).
  /// The total of `amounts` when they are all in one currency (nil for none or a mix, or when the total does
  /// not fit in an Int: a crafted answer may hold amounts near Int.max, and Int addition would trap).
  static func total(_ amounts: [Money]) -> Money? {
    guard let currency = amounts.first?.currency, amounts.allSatisfy({ $0.currency == currency }) else { return nil }
    return Wide(amounts.map(\.minorUnits)).int.map { Money(minorUnits: $0, currency: currency) }
  }

  /// An exact sum of Ints in 128 bits (two's complement, `high` the upper word): money arithmetic on amounts
  /// from a gateway or a shared file, which must never trap on overflow. Fits any count of additions a case
  /// can hold.
  struct Wide: Comparable {
    var high: Int = 0
    var low: UInt = 0

    init() {}

    init(_ values: [Int]) { for value in values { add(value) } }

    mutating func add(_ value: Int) {
      let (sum, carry) = low.addingReportingOverflow(UInt(bitPattern: value))
      low = sum
      high = high &+ (value < 0 ? -1 : 0) &+ (carry ? 1 : 0)
    }

    mutating func subtract(_ value: Int) {
      let (difference, borrow) = low.subtractingReportingOverflow(UInt(bitPattern: value))
      low = difference
      high = high &- (value < 0 ? -1 : 0) &- (borrow ? 1 : 0)
    }

    static func - (lhs: Wide, rhs: Wide) -> Wide {
      var result = lhs
      let (difference, borrow) = result.low.subtractingReportingOverflow(rhs.low)
      result.low = difference
      result.high = result.high &- rhs.high &- (borrow ? 1 : 0)
      return result
    }

    /// The value as an Int; nil when it does not fit.
    var int: Int? {
      let value = Int(bitPattern: low)
      return high == (value < 0 ? -1 : 0) ? value : nil
    }

    var isNegative: Bool { high < 0 }

    /// The absolute value.
    var magnitude: Wide { isNegative ? Wide() - self : self }

    static func < (lhs: Wide, rhs: Wide) -> Bool {
      lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
  }

  /// `₹1,000.00`, or for a sum that does not fit in an Int, what it exceeds.
  static func money(_ value: Wide, currency: String) -> String {
    if let int = value.int { return Money(minorUnits: int, currency: currency).description }
    let bound = Money(minorUnits: value.isNegative ? .min : .max, currency: currency)
    return "an amount beyond \(bound)"
  }

  /// Seconds from `time` to the case's moment (nil when the time is unknown).
  static func age(_ time: Timestamp?, in orderCase: OrderCase) -> Int? {
    guard let instant = time?.instant else { return nil }
    return orderCase.asOf.seconds - instant.seconds
  }

  /// `payment 6000000201`, or `the attempt` when it has no id (as sent: the renderer makes text safe).
  static func name(_ payment: Payment) -> String {
    payment.gatewayPaymentID.map { "payment \($0)" } ?? "the attempt"
  }

  static func name(_ refund: Refund) -> String {
    (refund.refundID ?? refund.gatewayRefundID).map { "refund \($0)" } ?? "a refund"
  }

  static func money(_ value: Money?) -> String { value.map(\.description) ?? "an unknown amount" }
}
