import PayshJSON

/// Maps a Paytring order to the normalized `Order`.
enum PaytringNormalizer {
  /// Paytring `order_status` → normalized status.
  static func status(_ raw: String) -> OrderStatus {
    switch raw.lowercased() {
    case "created": .open
    case "pending", "initiated": .pending
    case "success": .paid
    case "failed": .failed
    case "refunded": .refunded
    case "cancelled": .cancelled
    case "expired": .expired
    default: .unknown
    }
  }

  static func order(_ order: JSONValue, environment: String) -> Order {
    var mapping: [Order.FieldMapping] = []
    let raw = order["order_status"]?.stringValue ?? ""
    let status = status(raw)
    mapping.append(
      .init("status", from: ".order.order_status", "\(raw.isEmpty ? "(missing)" : raw) → \(status.rawValue)"))
    let currency = order["currency"]?.stringValue ?? "INR"
    let amount = AmountReading.money(
      order["amount"], key: "amount", as: "amount", from: ".order.amount", currency: currency,
      unit: .minorAllowingStrings,
      "in minor units (paise) of \(currency)", into: &mapping)
    var paid: Money?
    if status == .paid || status == .refunded, let amount {
      paid = amount
      mapping.append(.init("paid_amount", from: ".order.amount", "order_status \(raw): the whole order amount"))
    }
    let created = order["created_at"]?.stringValue.flatMap { Timestamp.local($0) }
    let updated = order["updated_at"]?.stringValue.flatMap { Timestamp.local($0) }
    if created != nil || updated != nil {
      mapping.append(
        .init("created_at/updated_at", from: ".order.created_at/.updated_at", "local IST time, +05:30 stated by paysh"))
    }
    let customer = Order.Customer(
      name: order["customer"]?["name"]?.stringValue, email: order["customer"]?["email"]?.stringValue,
      phone: order["customer"]?["phone"]?.stringValue)
    mapping.append(.init("merchant_order_id", from: ".order.receipt_id", "as sent"))
    mapping.append(.init("gateway_order_id", from: ".order.order_id", "as sent"))
    return Order(
      gateway: "paytring", environment: environment, merchantOrderID: order["receipt_id"]?.scalarText,
      gatewayOrderID: order["order_id"]?.scalarText, amount: amount, paidAmount: paid, status: status, rawStatus: raw,
      createdAt: created, updatedAt: updated, customer: customer, mapping: mapping)
  }
}
