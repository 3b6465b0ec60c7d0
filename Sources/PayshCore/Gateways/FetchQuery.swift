/// What `fetch` asks a gateway for.
public enum FetchQuery: Sendable, Hashable, CustomStringConvertible {
  /// The order itself (all gateways).
  case order(String)
  /// Cashfree: the order's payment attempts.
  case payments(order: String)
  /// Cashfree: one payment of the order.
  case payment(order: String, paymentID: String)
  /// Cashfree: the order's refunds.
  case refunds(order: String)
  /// Cashfree: one refund of the order.
  case refund(order: String, refundID: String)
  /// Cashfree: the order's settlement (one object).
  case settlements(order: String)
  /// Paytring: the order by the merchant's receipt id.
  case receipt(String)

  /// The order id the query is about, when it names one.
  public var orderID: String? {
    switch self {
    case .order(let id), .payments(let id), .payment(let id, _), .refunds(let id), .refund(let id, _),
      .settlements(let id):
      id
    case .receipt: nil
    }
  }

  /// What the query fetches, in words: `order X`, `payments of order X`.
  public var description: String {
    switch self {
    case .order(let id): "order \(id)"
    case .payments(let id): "payments of order \(id)"
    case .payment(let id, let payment): "payment \(payment) of order \(id)"
    case .refunds(let id): "refunds of order \(id)"
    case .refund(let id, let refund): "refund \(refund) of order \(id)"
    case .settlements(let id): "settlement of order \(id)"
    case .receipt(let receipt): "order with receipt \(receipt)"
    }
  }

  /// The kind of resource, as stored with a snapshot: `order`, `payments`, `payment`, …
  public var resource: String {
    switch self {
    case .order: "order"
    case .payments: "payments"
    case .payment: "payment"
    case .refunds: "refunds"
    case .refund: "refund"
    case .settlements: "settlements"
    case .receipt: "order"
    }
  }
}

extension FetchQuery {
  /// What `fetch --from FILE [part]` asks of each id: the order, or one of its lists.
  public enum Part: String, Sendable, Hashable {
    case order, payments, refunds, settlements

    public func query(order id: String) -> FetchQuery {
      switch self {
      case .order: .order(id)
      case .payments: .payments(order: id)
      case .refunds: .refunds(order: id)
      case .settlements: .settlements(order: id)
      }
    }
  }
}
