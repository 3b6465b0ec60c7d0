/// The money of a case and its timeline: what `case` shows under the parts, computed from them alone.
public struct CaseSummary: Sendable {
  /// The order's money in one currency, each nil when the part it comes from is not known.
  public struct Totals: Sendable, Hashable {
    public var ordered: Money?
    /// SUCCESS attempts (or, with no attempts known, the order's paid amount).
    public var paid: Money?
    public var refunded: Money?
    /// PENDING and ONHOLD refunds.
    public var refundPending: Money?
    public var settled: Money?
    public var fees: Money?
    public var tax: Money?

    /// Labelled, in the order shown.
    public var rows: [(label: String, key: String, amount: Money?)] {
      [
        ("ordered", "ordered", ordered), ("paid", "paid", paid), ("refunded", "refunded", refunded),
        ("refund pending", "refund_pending", refundPending), ("settled", "settled", settled),
        ("fees", "fees", fees), ("tax", "tax", tax),
      ]
    }
  }

  /// One dated event of the order, from any part.
  public struct Event: Sendable, Hashable {
    public var time: Timestamp
    public var instant: Instant
    public var text: String
    public var evidence: Evidence
  }

  public var totals: Totals
  /// Every dated event, oldest first (events at the same moment keep the parts' order).
  public var timeline: [Event]

  public init(_ orderCase: OrderCase) {
    let order = orderCase.order.items.first
    let currency = order?.value.amount?.currency ?? "INR"
    func sum(_ amounts: [Money?]) -> Money? {
      CaseMath.total(amounts.compactMap { $0 }) ?? (amounts.isEmpty ? Money(minorUnits: 0, currency: currency) : nil)
    }
    var totals = Totals()
    totals.ordered = order?.value.amount
    if case .known = orderCase.payments {
      totals.paid = sum(orderCase.payments.values.filter { $0.status == .success }.map(\.amount))
    } else {
      totals.paid = order?.value.paidAmount
    }
    if case .known = orderCase.refunds {
      let refunds = orderCase.refunds.values
      totals.refunded = sum(refunds.filter { $0.status == .success }.map(\.amount))
      totals.refundPending = sum(refunds.filter { [.pending, .onHold].contains($0.status) }.map(\.amount))
    }
    if case .known = orderCase.settlement {
      let settlement = orderCase.settlement.values.first
      totals.settled = settlement?.settlementAmount ?? Money(minorUnits: 0, currency: currency)
      totals.fees = settlement?.serviceCharge
      totals.tax = settlement?.serviceTax
    }
    self.totals = totals

    var events: [Event] = []
    func add(_ time: Timestamp?, _ text: String, _ evidence: Evidence) {
      guard let time, let instant = time.instant else { return }
      events.append(Event(time: time, instant: instant, text: text, evidence: evidence))
    }
    if let order {
      add(order.value.createdAt, "order created, \(CaseMath.money(order.value.amount))", order.evidence("created_at"))
      let expired = order.value.expiresAt?.instant.map { $0 <= orderCase.asOf } ?? false
      add(order.value.expiresAt, expired ? "order expired" : "order expires", order.evidence("expires_at"))
    }
    for payment in orderCase.payments.items {
      let how = [payment.value.method, payment.value.instrument].compactMap { $0 }.joined(separator: " ")
      let failure = payment.value.failure.code.map { " (\($0))" } ?? ""
      add(
        payment.value.time,
        "\(CaseMath.name(payment.value)) \(payment.value.rawStatus)\(failure), \(CaseMath.money(payment.value.amount))"
          + (how.isEmpty ? "" : " by \(how)"), payment.evidence("time"))
    }
    for refund in orderCase.refunds.items {
      add(
        refund.value.createdAt, "\(CaseMath.name(refund.value)) created, \(CaseMath.money(refund.value.amount))",
        refund.evidence("created_at"))
      add(
        refund.value.processedAt, "\(CaseMath.name(refund.value)) processed (\(refund.value.rawStatus))",
        refund.evidence("processed_at"))
    }
    for settlement in orderCase.settlement.items {
      add(
        settlement.value.settledOn, "settled, \(CaseMath.money(settlement.value.settlementAmount))",
        settlement.evidence("settled_on"))
    }
    timeline = events.enumerated().sorted { a, b in
      a.element.instant != b.element.instant ? a.element.instant < b.element.instant : a.offset < b.offset
    }.map(\.element)
  }
}
