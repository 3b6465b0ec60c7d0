import PayshJSON

/// What a webhook says, read from its body: its type, the order, the payment or refund it is about, that
/// one's status and amount. Every field as the gateway wrote it (an amount keeps its decimal text); nil
/// where the body does not say. Cashfree's shape is documented (reference/cashfree.md 5b); Paytring's and
/// EnKash's are read from the fields their order answers use (an assumption, docs/SIMULATOR.md "Webhooks").
public struct WebhookEvent: Sendable, Hashable {
  /// `PAYMENT_SUCCESS_WEBHOOK`, `REFUND_STATUS_WEBHOOK`, … (Cashfree's `type`; `event` elsewhere).
  public var type: String?
  public var orderID: String?
  public var paymentID: String?
  public var refundID: String?
  /// The payment's, refund's or settlement's status; the order's when the event names nothing else.
  public var status: String?
  /// `170.00 INR`, as written.
  public var amount: String?
  /// When the gateway says the event happened.
  public var eventTime: String?
  /// False when the body is not JSON.
  public var readable: Bool

  /// The event in `bytes`.
  public init(body bytes: [UInt8]) {
    self.init(json: try? JSONParser.parse(bytes))
  }

  public init(json body: JSONValue?) {
    readable = body != nil
    guard let body else { return }
    type = (body["type"] ?? body["event"] ?? body["event_type"])?.scalarText
    eventTime = (body["event_time"] ?? body["eventTime"])?.scalarText
    let data = body["data"]
    let order = data?["order"]
    orderID =
      (order?["order_id"] ?? data?["refund"]?["order_id"] ?? body["order_id"] ?? body["orderId"]
      ?? data?["order_id"] ?? data?["orderId"])?.scalarText
    if let payment = data?["payment"] {
      paymentID = payment["cf_payment_id"]?.scalarText
      status = payment["payment_status"]?.scalarText
      amount = Self.amount(payment["payment_amount"], payment["payment_currency"])
    } else if let refund = data?["refund"] {
      paymentID = refund["cf_payment_id"]?.scalarText
      refundID = refund["refund_id"]?.scalarText ?? refund["cf_refund_id"]?.scalarText
      status = refund["refund_status"]?.scalarText
      amount = Self.amount(refund["refund_amount"], refund["refund_currency"])
    } else if let settlement = data?["settlement"] {
      status = settlement["status"]?.scalarText
      amount = Self.amount(settlement["settlement_amount"], nil)
    } else {
      let fields = data ?? body
      status =
        (fields["order_status"] ?? fields["orderStatus"] ?? fields["status"] ?? fields["paymentStatus"])?
        .scalarText
      paymentID = (fields["transaction_id"] ?? fields["transactionId"] ?? fields["paymentId"])?.scalarText
      amount = Self.amount(fields["amount"] ?? fields["orderAmount"], fields["currency"])
    }
    if amount == nil, let order { amount = Self.amount(order["order_amount"], order["order_currency"]) }
  }

  static func amount(_ value: JSONValue?, _ currency: JSONValue?) -> String? {
    guard let value = value?.scalarText else { return nil }
    return [value, currency?.scalarText].compactMap { $0 }.joined(separator: " ")
  }

  /// Whether it says a payment succeeded (Cashfree's PAYMENT_SUCCESS_WEBHOOK; a SUCCESS, PAID or CAPTURED
  /// status elsewhere).
  public var saysPaid: Bool {
    if let type, type.hasPrefix("REFUND") || type.hasPrefix("SETTLEMENT") { return false }
    if type == "PAYMENT_SUCCESS_WEBHOOK" { return true }
    guard type == nil || !(type!.hasPrefix("PAYMENT_")) else { return false }
    return ["SUCCESS", "PAID", "CAPTURED", "SUCCESSFUL"].contains(status?.uppercased() ?? "")
  }

  /// `PAYMENT_SUCCESS_WEBHOOK, order cf_sim_paid, payment 6000000301 SUCCESS 170.00 INR`: one line, as the
  /// body says it (made safe where it is written).
  public var summary: String {
    guard readable else { return "a body that is not JSON" }
    var parts = [type ?? "no type"]
    if let orderID { parts.append("order \(orderID)") }
    let subject =
      refundID.map { "refund \($0)" } ?? paymentID.map { "payment \($0)" } ?? (status == nil ? nil : "status")
    if let subject {
      parts.append([subject, status, amount].compactMap { $0 }.joined(separator: " "))
    } else if let amount {
      parts.append(amount)
    }
    return parts.joined(separator: ", ")
  }
}
