import PayshJSON

/// Paytring's answer to a fetch carries the order's payment attempt in the order itself
/// (`pg_transaction_id`, `method`, `pg`, `unmapped_status`): read as one normalized `Payment`.
enum PaytringAttempt {
  /// `order_status` → the attempt's status: `created` is an order no one has tried to pay yet.
  static func status(_ raw: String) -> PaymentStatus {
    switch raw.lowercased() {
    case "success", "refunded": .success
    case "failed": .failed
    case "pending", "initiated": .pending
    case "created": .notAttempted
    case "cancelled": .cancelled
    case "expired": .dropped
    default: .unknown
    }
  }

  /// The attempt of the order in `body` (none for an order not yet attempted); nil when the answer holds
  /// no order.
  static func payments(_ body: JSONValue) -> [Payment]? {
    guard let order = body["order"], case .object = order else { return nil }
    var mapping: [Order.FieldMapping] = []
    let orderStatus = order["order_status"]?.stringValue ?? ""
    let status = status(orderStatus)
    // The processor's own word, when Paytring passes it on, is the raw status; else Paytring's.
    let unmapped = order["unmapped_status"]?.nonEmptyString
    let raw = unmapped ?? orderStatus
    mapping.append(
      .init(
        "status", from: ".order.order_status",
        "\(orderStatus.isEmpty ? "(missing)" : orderStatus) → \(status.rawValue)"
          + (unmapped.map { "; raw word from .order.unmapped_status (\($0))" } ?? "")))
    let id = order["pg_transaction_id"]?.nonEmptyScalarText
    // An order no one has tried to pay has no attempt to show.
    if id == nil, status == .notAttempted { return [] }
    if id != nil { mapping.append(.init("payment_id", from: ".order.pg_transaction_id", "the processor's, as sent")) }
    let currency = order["currency"]?.stringValue ?? "INR"
    let amount = AmountReading.money(
      order["amount"], key: "amount", as: "amount", from: ".order.amount", currency: currency,
      unit: .minorAllowingStrings,
      "in minor units (paise) of \(currency)", into: &mapping)
    let method = order["method"]?.nonEmptyString?.lowercased()
    let processor = order["pg"]?.nonEmptyString
    if method != nil || processor != nil {
      mapping.append(.init("method", from: ".order.method/.order.pg", "the method, lower case, via the processor"))
    }
    let time = order["updated_at"]?.stringValue.flatMap { Timestamp.local($0) }
    if time != nil {
      mapping.append(.init("time", from: ".order.updated_at", "local IST time, +05:30 stated by paysh"))
    }
    return [
      Payment(
        gatewayPaymentID: id, status: status, rawStatus: raw, amount: amount, method: method,
        instrument: processor.map { "via \($0)" }, time: time, mapping: mapping)
    ]
  }
}
