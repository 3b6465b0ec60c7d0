import PayshJSON

/// Maps Cashfree refund entities (`GET /pg/orders/{id}/refunds`, `/refunds/{refund_id}`) to the normalized
/// `Refund`, recording where each field came from.
enum CashfreeRefunds {
  /// Cashfree `refund_status` → normalized status (its enum says SUCCESS PENDING CANCELLED ONHOLD, its
  /// description adds FAILED).
  static func status(_ raw: String) -> RefundStatus {
    switch raw.uppercased() {
    case "SUCCESS": .success
    case "PENDING": .pending
    case "ONHOLD": .onHold
    case "CANCELLED": .cancelled
    case "FAILED": .failed
    default: .unknown
    }
  }

  /// Cashfree `refund_type` in words.
  static func type(_ raw: String) -> String {
    switch raw.uppercased() {
    case "MERCHANT_INITIATED": "merchant initiated"
    case "PAYMENT_AUTO_REFUND": "auto refund"
    case "UNRECONCILED_AUTO_REFUND": "unreconciled auto refund"
    default: raw.lowercased()
    }
  }

  /// The refunds of a `/refunds` answer (an array), or the one of `/refunds/{id}` (an object).
  static func refunds(_ body: JSONValue) -> [Refund]? {
    switch body {
    case .array(let items): items.map(refund)
    case .object where body["refund_status"] != nil || body["cf_refund_id"] != nil: [refund(body)]
    default: nil
    }
  }

  static func refund(_ item: JSONValue) -> Refund {
    var mapping: [Order.FieldMapping] = []
    let raw = item["refund_status"]?.stringValue ?? ""
    let status = status(raw)
    mapping.append(.init("status", from: ".refund_status", "\(raw.isEmpty ? "(missing)" : raw) → \(status.rawValue)"))
    let refundID = item["refund_id"]?.scalarText
    if refundID != nil { mapping.append(.init("refund_id", from: ".refund_id", "the merchant's, as sent")) }
    let gatewayID = item["cf_refund_id"]?.scalarText
    if gatewayID != nil { mapping.append(.init("gateway_refund_id", from: ".cf_refund_id", "as sent")) }
    let paymentID = item["cf_payment_id"]?.scalarText
    if paymentID != nil { mapping.append(.init("payment_id", from: ".cf_payment_id", "the attempt refunded")) }
    let currency = item["refund_currency"]?.stringValue ?? "INR"
    let amount = AmountReading.money(
      item["refund_amount"], key: "refund_amount", as: "amount", from: ".refund_amount", currency: currency,
      unit: .major,
      "in major units of \(currency)", into: &mapping)
    let arn = item["refund_arn"]?.nonEmptyString
    if arn != nil { mapping.append(.init("arn", from: ".refund_arn", "as sent")) }
    let type = item["refund_type"]?.nonEmptyString.map(Self.type)
    if type != nil { mapping.append(.init("type", from: ".refund_type", "in words")) }
    let created = item["created_at"]?.stringValue.flatMap(Timestamp.iso)
    if created != nil { mapping.append(.init("created_at", from: ".created_at", "ISO-8601 with its offset, as sent")) }
    let processed = item["processed_at"]?.stringValue.flatMap(Timestamp.iso)
    if processed != nil {
      mapping.append(.init("processed_at", from: ".processed_at", "ISO-8601 with its offset, as sent"))
    }
    return Refund(
      refundID: refundID, gatewayRefundID: gatewayID, paymentID: paymentID, status: status, rawStatus: raw,
      amount: amount, arn: arn, type: type, createdAt: created, processedAt: processed, mapping: mapping)
  }
}
