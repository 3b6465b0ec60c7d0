import Foundation
import PayshJSON

/// Builds Paytring orders in the Fetch Order response shape (amounts in integer paise, IST local times).
///
/// Create Order: https://docs.paytring.com/api-reference/endpoint/order
enum PaytringOrderFactory {
  /// A stored order from a create request body.
  static func record(from request: JSONValue, now: Date, ids: inout IDGenerator) throws -> OrderRecord {
    for field in ["amount", "receipt_id", "cname", "phone", "callback_url"] where request[field] == nil {
      throw SimulatorError.badRequest("The \(field) field is required.")
    }
    guard let amount = request["amount"]?.intValue, amount > 0 else {
      throw SimulatorError.badRequest("The amount must be an integer number of paise.")
    }
    var partial = JSONValue.obj([
      "receipt_id": request["receipt_id"] ?? "",
      "amount": .int(amount),
      "currency": request["currency"] ?? "INR",
      "order_status": "created",
      "customer": .obj([
        "name": request["cname"] ?? "", "email": request["email"] ?? "", "phone": request["phone"] ?? "",
      ]),
    ])
    if let notes = request["notes"], notes.members != nil { partial["notes"] = notes }
    for key in ["billing_address", "shipping_address"] {
      if let address = request[key], address.members != nil { partial[key] = address }
    }
    return OrderRecord(gateway: .paytring, order: completed(partial, now: now, ids: &ids))
  }

  /// Fills the fields a partial order lacks, in the documented key order.
  static func completed(_ partial: JSONValue, now: Date, ids: inout IDGenerator) -> JSONValue {
    let number = ids.number()
    let status = partial["order_status"]?.textValue ?? "created"
    let address = JSONValue.obj([
      "firstname": "", "lastname": "", "phone": "", "line1": "", "line2": "", "city": "", "state": "",
      "country": "IN", "zipcode": "",
    ])
    var order = JSONValue.obj([
      "order_id": .string("7716064\(number)"),
      "receipt_id": .string("rcpt_\(number)"),
      "pg_transaction_id": .string(status == "created" ? "" : "pg\(number)"),
      "amount": 100,
      "currency": "INR",
      "pg": .string(status == "created" ? "" : "Paytm"),
      "method": .string(status == "created" ? "" : "UPI"),
      "order_status": .string(status),
      "unmapped_status": .string(unmapped(status, pg: partial["pg"]?.textValue ?? "Paytm")),
      "customer": .obj(["name": "", "email": "", "phone": ""]),
      "notes": .obj(["udf1": "", "udf2": "", "udf3": "", "udf4": "", "udf5": ""]),
      "billing_address": address,
      "shipping_address": address,
      "additional_charges": 0,
      "mdr": "",
      "tpv": .array([]),
      "created_at": .string(SimTime.local(now)),
      "updated_at": .string(SimTime.local(now)),
    ])
    order.merge(partial)
    return order
  }

  /// The underlying PG's raw word (`unmapped_status`) for a Paytring status: Paytm's `TXN_SUCCESS`,
  /// `TXN_FAILURE`, `PENDING` (documented: `TXN_SUCCESS`), Razorpay's `captured`, `failed`, `refunded`
  /// (documented: `captured`); empty while the order is not yet attempted (`created`, `initiated`). A refunded
  /// Paytm order keeps the payment's `TXN_SUCCESS` (the refund is a transaction of its own).
  static func unmapped(_ status: String, pg: String = "Paytm") -> String {
    let razorpay = ["success": "captured", "failed": "failed", "refunded": "refunded"]
    let paytm = ["success": "TXN_SUCCESS", "failed": "TXN_FAILURE", "pending": "PENDING", "refunded": "TXN_SUCCESS"]
    let table = pg.lowercased() == "razorpay" ? razorpay : paytm
    return table[status.lowercased()] ?? ""
  }
}
