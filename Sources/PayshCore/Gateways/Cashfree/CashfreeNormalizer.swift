import PayshJSON

/// Maps a Cashfree order entity to the normalized `Order`, recording where each field came from.
enum CashfreeNormalizer {
  /// Cashfree `order_status` → normalized status.
  static func status(_ raw: String) -> OrderStatus {
    switch raw.uppercased() {
    case "ACTIVE": .open
    case "TERMINATION_REQUESTED": .pending
    case "PAID": .paid
    case "TERMINATED": .cancelled
    case "EXPIRED": .expired
    default: .unknown
    }
  }

  static func order(_ body: JSONValue, environment: String) -> Order {
    var mapping: [Order.FieldMapping] = []
    let raw = body["order_status"]?.stringValue ?? ""
    let status = status(raw)
    mapping.append(.init("status", from: ".order_status", "\(raw.isEmpty ? "(missing)" : raw) → \(status.rawValue)"))
    let currency = body["order_currency"]?.stringValue ?? "INR"
    let amount = AmountReading.money(
      body["order_amount"], key: "order_amount", as: "amount", from: ".order_amount", currency: currency, unit: .major,
      "in major units (rupees) of \(currency)", into: &mapping)
    var paid: Money?
    if status == .paid, let amount {
      paid = amount
      mapping.append(.init("paid_amount", from: ".order_amount", "order_status PAID: the whole order amount"))
    }
    let cfOrderID = body["cf_order_id"]?.scalarText
    if let cfOrderID {
      let type = body["cf_order_id"]?.typeName ?? ""
      mapping.append(
        .init("gateway_order_id", from: ".cf_order_id", "\(type) \(cfOrderID) (integer before API 2023-08-01)"))
    }
    let orderID = body["order_id"]?.stringValue
    if orderID != nil { mapping.append(.init("merchant_order_id", from: ".order_id", "as sent")) }
    let created = body["created_at"]?.stringValue.flatMap(Timestamp.iso)
    if let created { mapping.append(.init("created_at", from: ".created_at", "ISO-8601 with its offset, as sent")) }
    let expires = body["order_expiry_time"]?.stringValue.flatMap(Timestamp.iso)
    if expires != nil {
      mapping.append(.init("expires_at", from: ".order_expiry_time", "ISO-8601 with its offset, as sent"))
    }
    let details = body["customer_details"]
    let customer = Order.Customer(
      id: details?["customer_id"]?.stringValue, name: details?["customer_name"]?.stringValue,
      email: details?["customer_email"]?.stringValue, phone: details?["customer_phone"]?.stringValue)
    if !customer.isEmpty { mapping.append(.init("customer", from: ".customer_details", "id, name, email, phone")) }
    return Order(
      gateway: "cashfree", environment: environment, merchantOrderID: orderID, gatewayOrderID: cfOrderID,
      amount: amount, paidAmount: paid, status: status, rawStatus: raw, createdAt: created, updatedAt: nil,
      expiresAt: expires, customer: customer, mapping: mapping)
  }
}
