import Foundation
import PayshJSON

/// Builds complete Cashfree entities (canonical, newest-version key order) from partial JSON.
///
/// Shapes follow Cashfree's OpenAPI PaymentEntity, RefundEntity and SettlementEntity:
/// https://www.cashfree.com/docs/api-reference/payments/latest/payments/get-payments-for-an-order
enum CashfreeEntities {
  /// A payment attempt: `partial` fields win over the defaults.
  static func payment(_ partial: JSONValue, order: JSONValue, now: Date, ids: inout IDGenerator) -> JSONValue {
    let status = partial["payment_status"]?.textValue ?? "SUCCESS"
    let amount = order["order_amount"] ?? .int(1)
    let currency = order["order_currency"] ?? "INR"
    let time = JSONValue.string(SimTime.iso(now))
    let failed = ["FAILED", "USER_DROPPED", "CANCELLED", "VOID"].contains(status)
    let errorDetails: JSONValue =
      failed
      ? .obj([
        "error_code": "TRANSACTION_DECLINED",
        "error_description": "issuer bank or payment service provider declined the transaction",
        "error_reason": "auth_declined", "error_source": "customer",
      ]) : .null
    let messages = [
      "SUCCESS": "Transaction successful", "FAILED": "Transaction failed", "PENDING": "Transaction pending",
      "USER_DROPPED": "User dropped", "NOT_ATTEMPTED": "Not attempted", "CANCELLED": "Transaction cancelled",
      "VOID": "Transaction voided",
    ]
    let id = ids.number()
    var payment = JSONValue.obj([
      "cf_payment_id": .string(String(id)),
      "order_id": order["order_id"] ?? "",
      "entity": "payment",
      "payment_currency": currency,
      "error_details": errorDetails,
      "order_amount": amount,
      "order_currency": currency,
      "is_captured": .bool(status == "SUCCESS"),
      "payment_group": "upi",
      "authorization": .null,
      "payment_method": .obj(["upi": .obj(["channel": "collect", "upi_id": "customer@upi"])]),
      "payment_amount": amount,
      "payment_time": time,
      "payment_completion_time": time,
      "payment_status": .string(status),
      "payment_message": .string(messages[status] ?? status.lowercased()),
      "bank_reference": .string(status == "SUCCESS" ? "SIM\(id)" : ""),
      "auth_id": .string(status == "SUCCESS" ? "A\(id % 1_000_000)" : ""),
      "international_payment": .obj(["international": false]),
      "payment_gateway_details": .obj([
        "gateway_name": "CASHFREE", "gateway_order_id": .string(String(id)),
        "gateway_payment_id": .string(String(id)),
        "gateway_status_code": .string(status == "SUCCESS" ? "00" : "05"),
      ]),
      "payment_surcharge": .obj(["payment_surcharge_service_charge": 0, "payment_surcharge_service_tax": 0]),
    ])
    payment.merge(partial)
    payment["cf_payment_id"] = normalizedID(payment["cf_payment_id"])
    return payment
  }

  /// A refund of `paymentID`: `partial` fields win over the defaults.
  static func refund(
    _ partial: JSONValue, order: JSONValue, paymentID: JSONValue?, now: Date, ids: inout IDGenerator
  ) -> JSONValue {
    let id = ids.number()
    let status = partial["refund_status"]?.textValue ?? "SUCCESS"
    var refund = JSONValue.obj([
      "cf_payment_id": paymentID ?? .string(String(id)),
      "cf_refund_id": .string(String(id)),
      "refund_id": .string("refund_\(id)"),
      "order_id": order["order_id"] ?? "",
      "entity": "refund",
      "refund_amount": order["order_amount"] ?? .int(1),
      "refund_currency": order["order_currency"] ?? "INR",
      "refund_note": "Refund from the paysh simulator",
      "refund_status": .string(status),
      "refund_type": "MERCHANT_INITIATED",
      "refund_splits": .array([]),
      "status_description": .string(status == "SUCCESS" ? "Refund processed" : "In Progress"),
      "refund_arn": .string(status == "SUCCESS" ? "ARN\(id)" : ""),
      "metadata": .null,
      "created_at": .string(SimTime.iso(now)),
      "processed_at": .string(status == "SUCCESS" ? SimTime.iso(now) : ""),
      "refund_charge": 0,
      "refund_mode": "STANDARD",
      "forex_conversion_handling_charge": 0,
      "forex_conversion_handling_tax": 0,
      "forex_conversion_rate": 1,
      "charges_currency": "INR",
    ])
    refund.merge(partial)
    refund["cf_refund_id"] = normalizedID(refund["cf_refund_id"])
    refund["cf_payment_id"] = normalizedID(refund["cf_payment_id"])
    return refund
  }

  /// The settlement of one of `payments`: the one `partial` names by `cf_payment_id`, else the last SUCCESS
  /// one. `partial` fields win over the defaults.
  ///
  /// Exact in paise: the amount settled is `partial`'s `order_amount`, else the payment's `payment_amount`,
  /// else the order's; `service_charge` is 2% of it and `service_tax` 18% of the charge, each rounded half
  /// up to the paisa, and `settlement_amount` is what is left. The entity's `order_amount` is the amount
  /// settled (it is what paysh reads as the payment settled).
  static func settlement(
    _ partial: JSONValue, order: JSONValue, payments: [JSONValue], now: Date, ids: inout IDGenerator
  ) -> JSONValue {
    let id = ids.number()
    let named = normalizedID(partial["cf_payment_id"])
    let payment =
      named.flatMap { wanted in payments.first { normalizedID($0["cf_payment_id"]) == wanted } }
      ?? payments.last { $0["payment_status"]?.textValue == "SUCCESS" }
    let basis = partial["order_amount"] ?? payment?["payment_amount"] ?? order["order_amount"] ?? .int(0)
    let amount = basis.paiseValue ?? 0
    let charge = roundedHalfUp(amount * 2, by: 100)
    let tax = roundedHalfUp(charge * 18, by: 100)
    var settlement = JSONValue.obj([
      "cf_payment_id": named ?? payment?["cf_payment_id"] ?? .string(String(id)),
      "order_id": order["order_id"] ?? "",
      "entity": "settlement",
      "order_amount": .paise(amount),
      "order_currency": order["order_currency"] ?? "INR",
      "payment_time": payment?["payment_time"] ?? .string(SimTime.iso(now)),
      "service_charge": .paise(charge),
      "service_tax": .paise(tax),
      "settlement_amount": .paise(amount - charge - tax),
      "settlement_currency": "INR",
      "cf_settlement_id": .string(String(id)),
      "settlement_id": .int(id % 1_000_000),
      "transfer_id": .int(id % 100_000),
      "transfer_time": .string(SimTime.iso(now.addingTimeInterval(86_400))),
      "transfer_utr": .string("UTR\(id)"),
      "forex_conversion_handling_charge": 0,
      "forex_conversion_handling_tax": 0,
      "forex_conversion_rate": 1,
      "charges_currency": "INR",
    ])
    settlement.merge(partial)
    settlement["cf_settlement_id"] = normalizedID(settlement["cf_settlement_id"])
    settlement["cf_payment_id"] = normalizedID(settlement["cf_payment_id"])
    return settlement
  }

  /// `numerator / denominator` rounded half up (away from zero for negatives), in integers.
  static func roundedHalfUp(_ numerator: Int, by denominator: Int) -> Int {
    let magnitude = (abs(numerator) * 2 + denominator) / (2 * denominator)
    return numerator < 0 ? -magnitude : magnitude
  }

  /// Cashfree ids are stored as digit strings whatever form they came in (`123`, `"123"`, `"refund_123"`).
  static func normalizedID(_ value: JSONValue?) -> JSONValue? {
    guard let value else { return nil }
    switch value {
    case .number(let number): return .string(number.text)
    case .string(let text) where text.hasPrefix("refund_") && Int(text.dropFirst(7)) != nil:
      return .string(String(text.dropFirst(7)))
    default: return value
    }
  }
}
