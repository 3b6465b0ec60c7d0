import Foundation
import PayshJSON

/// Validates a Create Order request and builds the stored (canonical) OrderEntity from it.
///
/// Create Order: https://www.cashfree.com/docs/api-reference/payments/latest/orders/create
enum CashfreeOrderFactory {
  /// A validation failure: `code` as Cashfree names it (`order_amount_invalid`, …).
  struct Invalid: Error {
    var code: String
    var message: String
  }

  /// The canonical order for a create request (or a partial seed order).
  static func order(from request: JSONValue, now: Date, ids: inout IDGenerator) throws -> JSONValue {
    guard request.members != nil else {
      throw Invalid(code: "request_invalid", message: "request body : must be a JSON object. Value received: ")
    }
    guard let amount = request["order_amount"], case .number = amount, let value = amount.doubleValue,
      value >= 1
    else {
      let received = request["order_amount"]?.compactText ?? ""
      throw Invalid(
        code: "order_amount_invalid", message: "order_amount : Invalid amount. Value received: \(received)")
    }
    guard let currency = request["order_currency"]?.textValue, !currency.isEmpty else {
      throw Invalid(code: "order_currency_missing", message: "order_currency : is missing in the request.")
    }
    guard let customer = request["customer_details"], customer.members != nil else {
      throw Invalid(code: "customer_details_missing", message: "customer_details : is missing in the request.")
    }
    guard customer["customer_id"]?.textValue != nil else {
      throw Invalid(
        code: "customer_details.customer_id_missing",
        message: "customer_details.customer_id : is missing in the request. Value received: ")
    }
    guard let phone = customer["customer_phone"]?.textValue, phone.count == 10 else {
      let received = customer["customer_phone"]?.textValue ?? ""
      throw Invalid(
        code: customer["customer_phone"] == nil
          ? "customer_details.customer_phone_missing" : "customer_details.customer_phone_invalid",
        message: "customer_details.customer_phone : is missing or invalid. Value received: \(received)")
    }
    let cfID = ids.number()
    let orderID = request["order_id"]?.textValue ?? "order_sim_\(cfID)"
    guard (3...45).contains(orderID.count),
      orderID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
    else {
      throw Invalid(code: "order_id_invalid", message: "order_id : is invalid. Value received: \(orderID)")
    }
    var details = customer
    if details["customer_uid"] == nil { details["customer_uid"] = .string(uid(for: cfID)) }
    let meta = request["order_meta"] ?? .obj(["payment_methods": .null])
    var order = JSONValue.obj([
      "cart_details": .obj(["cart_id": .string(String(cfID))]),
      "cf_order_id": .string(String(cfID)),
      "created_at": .string(SimTime.iso(now)),
      "customer_details": details,
      "entity": "order",
      "order_amount": amount,
      "order_currency": .string(currency),
      "order_expiry_time": request["order_expiry_time"] ?? .string(SimTime.iso(now.addingTimeInterval(30 * 86_400))),
      "order_id": .string(orderID),
      "order_meta": meta,
      "order_note": request["order_note"] ?? .null,
      "order_splits": request["order_splits"] ?? .array([]),
      "order_status": "ACTIVE",
      "order_tags": request["order_tags"] ?? .null,
      "payment_session_id": .string("session_sim\(cfID)" + String(repeating: "x", count: 24)),
      "products": .obj(["one_click_checkout": .obj(["enabled": false]), "verify_pay": .obj(["enabled": false])]),
      "terminal_data": .null,
    ])
    // Absent note and tags are left out rather than sent as null (the 2025 schema is not nullable there).
    if request["order_note"] == nil { order["order_note"] = nil }
    if request["order_tags"] == nil { order["order_tags"] = nil }
    for key in ["cf_order_id", "created_at", "order_status", "payment_session_id", "cart_details"] {
      if let given = request[key] { order[key] = given }
    }
    order["cf_order_id"] = CashfreeEntities.normalizedID(order["cf_order_id"])
    return order
  }

  /// A stable UUID-shaped customer uid derived from a number.
  static func uid(for number: Int) -> String {
    let hex = String(UInt64(bitPattern: Int64(number)) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
    let padded = String(repeating: "0", count: max(0, 32 - hex.count)) + hex + String(number, radix: 16)
    let chars = Array(padded.suffix(32))
    let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }
    return parts.joined(separator: "-")
  }
}
