import PayshJSON

/// One refund of an order, as paysh sees it whatever the gateway, beside the raw answer; every field says
/// where it came from in `mapping`.
public struct Refund: Sendable, Hashable {
  /// The merchant's refund id (Cashfree `refund_id`).
  public var refundID: String?
  /// The gateway's (Cashfree `cf_refund_id`).
  public var gatewayRefundID: String?
  /// The attempt refunded.
  public var paymentID: String?
  public var status: RefundStatus
  public var rawStatus: String
  public var amount: Money?
  /// The acquirer reference number the customer's bank can trace.
  public var arn: String?
  /// `merchant initiated`, `auto refund`, `unreconciled auto refund`, or the gateway's word.
  public var type: String?
  public var createdAt: Timestamp?
  public var processedAt: Timestamp?
  public var mapping: [Order.FieldMapping]

  public init(
    refundID: String? = nil, gatewayRefundID: String? = nil, paymentID: String? = nil, status: RefundStatus,
    rawStatus: String, amount: Money? = nil, arn: String? = nil, type: String? = nil, createdAt: Timestamp? = nil,
    processedAt: Timestamp? = nil, mapping: [Order.FieldMapping] = []
  ) {
    self.refundID = refundID
    self.gatewayRefundID = gatewayRefundID
    self.paymentID = paymentID
    self.status = status
    self.rawStatus = rawStatus
    self.amount = amount
    self.arn = arn
    self.type = type
    self.createdAt = createdAt
    self.processedAt = processedAt
    self.mapping = mapping
  }
}

/// A refund's status in paysh's words, the same for every gateway.
public enum RefundStatus: String, Sendable, Hashable, CaseIterable {
  case success, pending
  /// Held by the gateway (Cashfree ONHOLD): neither done nor refused.
  case onHold = "onhold"
  case cancelled, failed, unknown
}

/// The normalized parts an answer holds besides an order: what `fetch ORDER payments|refunds|settlements`
/// tabulates.
public enum OrderParts: Sendable, Hashable {
  case payments([Payment])
  case refunds([Refund])
  case settlement(Settlement)

  /// Every column's mapping once, from the first item that has it: what `show --mapping` lists.
  public var mapping: [Order.FieldMapping] {
    let all: [[Order.FieldMapping]] =
      switch self {
      case .payments(let payments): payments.map(\.mapping)
      case .refunds(let refunds): refunds.map(\.mapping)
      case .settlement(let settlement): [settlement.mapping]
      }
    var seen = Set<String>()
    return all.joined().filter { seen.insert($0.field).inserted }
  }
}

extension Snapshot {
  /// The parts this snapshot's answer `body` holds, normalized by its gateway's adapter; nil when it holds
  /// none (an order, an error, a resource not normalized yet).
  public func parts(in body: JSONValue) -> OrderParts? {
    guard status < 300 else { return nil }
    return GatewayCatalog.adapter(named: gateway)?.parts(body, resource: resource)
  }
}
