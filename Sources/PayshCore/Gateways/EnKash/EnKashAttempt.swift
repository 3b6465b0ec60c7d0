import PayshJSON

/// EnKash's order details carry the order's payment in the order itself (`paymentStatus`, `paidAmount`):
/// read as one normalized `Payment`. The voucher order API names no payment id, method or time.
enum EnKashAttempt {
  /// `paymentStatus` → the attempt's status. Only SUCCESS is documented for voucher orders; the rest are
  /// the words EnKash's PG docs list (CREATED, AUTHORIZED, PENDING_WITH_BANK, FAILED, CANCELLED, REFUNDED…).
  static func status(_ raw: String) -> PaymentStatus {
    switch raw.uppercased() {
    case "SUCCESS", "REFUNDED", "PARTIALLY_REFUNDED": .success
    case "FAILED": .failed
    case "CANCELLED": .cancelled
    case "IN_PROGRESS", "PENDING", "PENDING_WITH_BANK", "AUTHORIZED", "PROCESSING": .pending
    case "CREATED": .notAttempted
    case "EXPIRED": .dropped
    default: .unknown
    }
  }

  /// The attempt of the order in `body` (none before anyone tried to pay); nil when it holds no order.
  static func payments(_ body: JSONValue) -> [Payment]? {
    guard let (envelope, payload) = EnKashNormalizer.payload(body), case .object = payload else { return nil }
    let raw = payload["paymentStatus"]?.stringValue ?? ""
    let status = status(raw)
    if status == .notAttempted || raw.isEmpty { return [] }
    var mapping: [Order.FieldMapping] = [
      .init("status", from: ".\(envelope).paymentStatus", "\(raw) → \(status.rawValue)")
    ]
    let amount = AmountReading.money(
      payload["paidAmount"], key: "paidAmount", as: "amount", from: ".\(envelope).paidAmount", currency: "INR",
      unit: .major, "what was paid, taken as rupees (EnKash does not state the unit)", into: &mapping)
    return [Payment(status: status, rawStatus: raw, amount: amount, mapping: mapping)]
  }
}
