import PayshJSON

/// Maps an EnKash order-details payload to the normalized `Order`.
enum EnKashNormalizer {
  /// The payload and the name of its envelope: the docs spell it `paylod`, sibling APIs `payload`.
  static func payload(_ body: JSONValue) -> (key: String, value: JSONValue)? {
    for key in ["paylod", "payload"] {
      if let value = body[key] { return (key, value) }
    }
    return nil
  }

  /// EnKash `orderStatus` (with `paymentStatus` for failures) → normalized status.
  static func status(order: String, payment: String) -> OrderStatus {
    switch payment.uppercased() {
    case "FAILED": return .failed
    case "CANCELLED": return .cancelled
    default: break
    }
    switch order.uppercased() {
    case "SUCCESS": return .paid
    case "IN_PROGRESS", "PENDING": return .pending
    case "REFUNDED": return .refunded
    case "EXPIRED": return .expired
    default: return .unknown
    }
  }

  static func order(_ payload: JSONValue, envelope: String, environment: String) -> Order {
    var mapping: [Order.FieldMapping] = []
    let raw = payload["orderStatus"]?.stringValue ?? ""
    let payment = payload["paymentStatus"]?.stringValue ?? ""
    let status = status(order: raw, payment: payment)
    mapping.append(
      .init("status", from: ".\(envelope).orderStatus", "\(raw) (paymentStatus \(payment)) → \(status.rawValue)"))
    func money(_ key: String, _ field: String) -> Money? {
      AmountReading.money(
        payload[key], key: key, as: field, from: ".\(envelope).\(key)", currency: "INR", unit: .major,
        "taken as rupees (EnKash does not state the unit)", into: &mapping)
    }
    let amount = money("orderAmount", "amount")
    let paid = money("paidAmount", "paid_amount")
    mapping.append(.init("merchant_order_id", from: ".\(envelope).partnerOrderReferenceId", "as sent"))
    mapping.append(.init("gateway_order_id", from: ".\(envelope).orderId", "as sent"))
    return Order(
      gateway: "enkash", environment: environment, merchantOrderID: payload["partnerOrderReferenceId"]?.scalarText,
      gatewayOrderID: payload["orderId"]?.scalarText, amount: amount, paidAmount: paid, status: status, rawStatus: raw,
      mapping: mapping)
  }
}
