import Foundation
import PayshJSON

/// The built-in orders: the seed documents' examples plus one order per status of every gateway.
///
/// Ids are listed in docs/SIMULATOR.md; all times are fixed, so answers are the same on every run.
enum BuiltinFixtures {
  /// The whole built-in seed document.
  static func seed() throws -> JSONValue {
    .obj([
      "cashfree": .array(try cashfree()),
      "paytring": .array(try paytring()),
      "enkash": .array(try enkash()),
    ])
  }

  /// The Cashfree seed example, with the 2023-08-01+ fields its later versions add.
  static func cashfreeSeedOrder() throws -> JSONValue {
    var order = try JSONParser.parse(SeedExamples.cashfreeOrder)
    var details = order["customer_details"] ?? .emptyObject
    details["customer_uid"] = "54deabb4-ba45-4a60-9e6a-9c016fe7ab10"
    order["customer_details"] = details
    order["cart_details"] = .obj(["cart_id": "1"])
    return order
  }

  static let upi = JSONValue.obj(["upi": .obj(["channel": "collect", "upi_id": "customer@okaxis"])])
  static let card = JSONValue.obj([
    "card": .obj([
      "channel": "link", "card_number": "XXXXXXXXXXXX1111", "card_network": "visa", "card_type": "credit_card",
      "card_country": "IN", "card_bank_name": "HDFC Bank",
    ])
  ])

  /// A payment attempt at `time` (UPI unless `method` says otherwise); `extra` fields win.
  static func pay(
    _ id: Int, _ status: String, _ time: String, method: JSONValue? = nil,
    _ extra: KeyValuePairs<String, JSONValue> = [:]
  ) -> JSONValue {
    var payment = JSONValue.obj([
      "cf_payment_id": .string(String(id)), "payment_status": .string(status),
      "payment_time": .string(time), "payment_completion_time": .string(time),
    ])
    if let method {
      payment["payment_method"] = method
      payment["payment_group"] = "credit_card"
    } else {
      payment["payment_method"] = upi
    }
    for (key, value) in extra { payment[key] = value }
    return payment
  }

  /// A refund created at `time` (processed then too when SUCCESS); `extra` fields win.
  static func refund(
    _ id: Int, _ refundID: String, _ amount: JSONValue, _ status: String, _ time: String,
    _ extra: KeyValuePairs<String, JSONValue> = [:]
  ) -> JSONValue {
    var refund = JSONValue.obj([
      "cf_refund_id": .string(String(id)), "refund_id": .string(refundID), "refund_amount": amount,
      "refund_status": .string(status), "created_at": .string(time),
      "processed_at": .string(status == "SUCCESS" ? time : ""),
    ])
    for (key, value) in extra { refund[key] = value }
    return refund
  }

  /// A settlement of the payment made at `paid`, transferred at `transfer` (charges are computed, exact);
  /// `extra` fields win (`cf_payment_id` names the payment settled when it is not the last SUCCESS one).
  static func settlement(
    _ id: Int, paid: String, transfer: String, utr: String, settlementID: Int, transferID: Int,
    _ extra: KeyValuePairs<String, JSONValue> = [:]
  ) -> JSONValue {
    var settlement = JSONValue.obj([
      "cf_settlement_id": .string(String(id)), "payment_time": .string(paid), "settlement_id": .int(settlementID),
      "transfer_id": .int(transferID), "transfer_time": .string(transfer), "transfer_utr": .string(utr),
    ])
    for (key, value) in extra { settlement[key] = value }
    return settlement
  }

  /// The fixture day, `2025-01-15T` (times are IST, on or before the fixture clock's 12:30).
  static let day = "2025-01-15T"
  /// When the fixture day's settlements were transferred: before the fixture clock.
  static let dayTransfer = "2025-01-15T12:15:00+05:30"

  static func cashfree() throws -> [JSONValue] {
    let day = Self.day
    return [
      .obj(["order": try cashfreeSeedOrder()]),
      entry(cashfreeOrder("cf_sim_active", 5_000_000_101, 499, "ACTIVE", "\(day)10:00:00+05:30")),
      entry(
        cashfreeOrder("cf_sim_paid", 5_000_000_102, 1250.5, "PAID", "\(day)10:05:00+05:30"),
        [
          "payments": .array([pay(6_000_000_201, "SUCCESS", "\(day)10:06:10+05:30")]),
          "settlement": settlement(
            7_000_000_301, paid: "\(day)10:06:10+05:30", transfer: dayTransfer, utr: "UTR5100000002",
            settlementID: 2, transferID: 2),
        ]),
      entry(
        cashfreeOrder("cf_sim_expired", 5_000_000_103, 99, "EXPIRED", "\(day)10:10:00+05:30"),
        ["payments": .array([pay(6_000_000_202, "USER_DROPPED", "\(day)10:11:00+05:30")])]),
      entry(
        cashfreeOrder("cf_sim_failed_then_paid", 5_000_000_104, 2000, "PAID", "\(day)10:15:00+05:30"),
        [
          "payments": .array([
            pay(6_000_000_203, "FAILED", "\(day)10:16:00+05:30", method: card),
            pay(6_000_000_204, "USER_DROPPED", "\(day)10:17:00+05:30"),
            pay(6_000_000_205, "SUCCESS", "\(day)10:18:30+05:30"),
          ]),
          "settlement": settlement(
            7_000_000_302, paid: "\(day)10:18:30+05:30", transfer: dayTransfer, utr: "UTR5100000007",
            settlementID: 7, transferID: 7),
        ]),
      entry(
        cashfreeOrder("cf_sim_refunded", 5_000_000_105, 750, "PAID", "\(day)10:20:00+05:30"),
        [
          "payments": .array([pay(6_000_000_206, "SUCCESS", "\(day)10:21:00+05:30")]),
          "refunds": .array([refund(8_000_000_401, "refund_full_1", 750, "SUCCESS", "\(day)12:00:00+05:30")]),
          "settlement": settlement(
            7_000_000_303, paid: "\(day)10:21:00+05:30", transfer: dayTransfer, utr: "UTR5100000010",
            settlementID: 10, transferID: 10),
        ]),
      entry(
        cashfreeOrder("cf_sim_partly_refunded", 5_000_000_106, 1000, "PAID", "\(day)10:25:00+05:30"),
        [
          "payments": .array([pay(6_000_000_207, "SUCCESS", "\(day)10:26:00+05:30")]),
          "refunds": .array([
            refund(8_000_000_402, "refund_part_1", 250, "SUCCESS", "\(day)12:10:00+05:30"),
            refund(8_000_000_403, "refund_part_2", .number(text: "100.5"), "PENDING", "\(day)12:20:00+05:30"),
          ]),
        ]),
      entry(cashfreeOrder("cf_sim_terminated", 5_000_000_107, 300, "TERMINATED", "\(day)10:30:00+05:30")),
      entry(
        cashfreeOrder(
          "cf_sim_termination_requested", 5_000_000_108, 300, "TERMINATION_REQUESTED",
          "\(day)10:35:00+05:30")),
      // Five minutes before the clock: healthy now, a stuck attempt once the clock moves 15 minutes.
      entry(
        cashfreeOrder("cf_sim_pending", 5_000_000_109, 640, "ACTIVE", "\(day)12:24:00+05:30"),
        ["payments": .array([pay(6_000_000_208, "PENDING", "\(day)12:25:00+05:30")])]),
      // Charged at 11:30 while the order stays ACTIVE; PAID (and settled) from the third fetch.
      entry(
        cashfreeOrder("cf_sim_pays_later", 5_000_000_110, 150, "ACTIVE", "\(day)10:45:00+05:30"),
        [
          "payments": .array([pay(6_000_000_209, "SUCCESS", "\(day)11:30:00+05:30")]),
          "script": .array([
            .obj(["after_fetches": 2, "set_status": "PAID"]),
            .obj([
              "after_fetches": 2,
              "set_settlement": settlement(
                7_000_000_313, paid: "\(day)11:30:00+05:30", transfer: dayTransfer, utr: "UTR7000000313",
                settlementID: 313, transferID: 313),
            ]),
          ]),
        ]),
    ] + anomalies()
  }

  /// A complete canonical Cashfree order with fixed times.
  static func cashfreeOrder(
    _ id: String, _ cfID: Int, _ amount: Double, _ status: String, _ created: String
  )
    -> JSONValue
  {
    .obj([
      "cart_details": .obj(["cart_id": .string("cart_\(cfID)")]),
      "cf_order_id": .string(String(cfID)),
      "created_at": .string(created),
      "customer_details": .obj([
        "customer_id": "sim_customer_1", "customer_name": "Asha Verma", "customer_email": "asha@example.com",
        "customer_phone": "9812345678", "customer_uid": .string(CashfreeOrderFactory.uid(for: cfID)),
      ]),
      "entity": "order",
      "order_amount": .amount(amount),
      "order_currency": "INR",
      "order_expiry_time": .string(SimTime.parseISO(created).map { SimTime.iso($0 + 30 * 86_400) } ?? created),
      "order_id": .string(id),
      "order_meta": .obj([
        "return_url": "https://merchant.example/return?order_id={order_id}",
        "notify_url": "https://merchant.example/cashfree/notify", "payment_methods": .null,
      ]),
      "order_note": .string("paysh simulator fixture: \(status.lowercased())"),
      "order_splits": .array([]),
      "order_status": .string(status),
      "order_tags": .obj(["fixture": .string(id)]),
      "payment_session_id": .string("session_sim_\(cfID)_abcdefghijklmnopqrstuvwxyz"),
      "products": .obj(["one_click_checkout": .obj(["enabled": false]), "verify_pay": .obj(["enabled": false])]),
      "terminal_data": .null,
    ])
  }

  static func entry(_ order: JSONValue, _ extra: KeyValuePairs<String, JSONValue> = [:]) -> JSONValue {
    var entry = JSONValue.obj(["order": order])
    for (key, value) in extra { entry[key] = value }
    return entry
  }
}
