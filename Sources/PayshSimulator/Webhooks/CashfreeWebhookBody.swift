import Crypto
import Foundation
import PayshJSON

/// Cashfree's webhook bodies and signature, built from the simulator's stored entities.
///
/// Shapes: `../shared/reference/cashfree.md` 5 and 5b (Cashfree's payments webhooks page, the SDK models
/// PaymentWebhook and PaymentWebhookDataEntity):
/// `{"data": {"order": {…}, "payment": {…}, "customer_details": {…}, "error_details": {…},
/// "payment_gateway_details": {…}, "payment_offers": […]}, "event_time": "…+05:30", "type": "PAYMENT_SUCCESS_WEBHOOK"}`;
/// `REFUND_STATUS_WEBHOOK` carries `data.refund`, `SETTLEMENT_*` `data.settlement`. Under 2022-09-01
/// `cf_payment_id` and `cf_refund_id` are JSON integers, later strings. Amounts keep their stored text
/// (`170.00` stays `170.00`): the body is written once, as compact bytes, and those bytes are signed and sent.
public enum CashfreeWebhookBody {
  static let paymentFields = [
    "cf_payment_id", "payment_status", "payment_amount", "payment_currency", "payment_message", "payment_time",
    "bank_reference", "auth_id", "payment_method", "payment_group",
  ]
  static let paymentFields2025 = ["international_payment", "payment_surcharge"]
  static let refundFields = [
    "cf_refund_id", "cf_payment_id", "refund_id", "order_id", "refund_amount", "refund_currency", "entity",
    "refund_type", "refund_arn", "refund_status", "status_description", "created_at", "processed_at",
    "refund_charge", "refund_note", "refund_splits", "metadata", "refund_mode",
  ]
  static let refundFields2025Dropped: Set<String> = ["refund_charge", "refund_mode"]

  /// The body of one event under one webhook version.
  static func body(_ event: WebhookEvent, version: CashfreeWebhookVersion) -> JSONValue {
    let subject = event.subject ?? .emptyObject
    let data: JSONValue
    if event.type == WebhookEventType.cashfreeRefund {
      data = .obj(["refund": refund(subject, version: version)])
    } else if WebhookEventType.cashfreeSettlement.contains(event.type) {
      data = .obj(["settlement": settlement(subject, type: event.type, version: version)])
    } else {
      data = paymentData(event.record.order, subject, version: version)
    }
    return .obj(["data": data, "event_time": .string(SimTime.iso(event.time)), "type": .string(event.type)])
  }

  /// `data` of a PAYMENT_* event.
  static func paymentData(_ order: JSONValue, _ payment: JSONValue, version: CashfreeWebhookVersion) -> JSONValue {
    var orderPart = JSONValue.emptyObject
    for key in ["order_id", "order_amount", "order_currency", "order_tags"] { orderPart[key] = order[key] ?? .null }
    var paymentPart = JSONValue.emptyObject
    let fields = paymentFields + (version == .v20250101 ? paymentFields2025 : [])
    for key in fields { paymentPart[key] = payment[key] ?? .null }
    paymentPart["cf_payment_id"] = id(payment["cf_payment_id"], version)
    var customer = JSONValue.emptyObject
    for key in ["customer_name", "customer_id", "customer_email", "customer_phone"] {
      customer[key] = order["customer_details"]?[key] ?? .null
    }
    var errorDetails = payment["error_details"] ?? .null
    if errorDetails.members != nil {
      errorDetails["error_code_raw"] = errorDetails["error_code_raw"] ?? errorDetails["error_code"] ?? .null
      errorDetails["error_description_raw"] =
        errorDetails["error_description_raw"] ?? errorDetails["error_description"] ?? .null
    }
    var gateway = payment["payment_gateway_details"] ?? .null
    if gateway.members != nil, gateway["gateway_settlement"] == nil { gateway["gateway_settlement"] = "CASHFREE" }
    return .obj([
      "order": orderPart, "payment": paymentPart, "customer_details": customer, "error_details": errorDetails,
      "payment_gateway_details": gateway, "payment_offers": payment["payment_offers"] ?? .array([]),
    ])
  }

  /// `data.refund` of REFUND_STATUS_WEBHOOK (2025-01-01 drops `refund_charge` and `refund_mode` and adds the
  /// speeds and charges).
  static func refund(_ stored: JSONValue, version: CashfreeWebhookVersion) -> JSONValue {
    var refund = JSONValue.emptyObject
    for key in refundFields where !(version == .v20250101 && refundFields2025Dropped.contains(key)) {
      refund[key] = stored[key] ?? .null
    }
    refund["cf_refund_id"] = id(stored["cf_refund_id"], version)
    refund["cf_payment_id"] = id(stored["cf_payment_id"], version)
    if version == .v20250101 {
      refund["requested_speed"] = stored["refund_speed"]?["requested"] ?? "STANDARD"
      refund["processed_speed"] = stored["refund_speed"]?["processed"] ?? "STANDARD"
      refund["service_charge"] = stored["refund_charge"] ?? 0
      refund["service_tax"] = 0
    }
    return refund
  }

  /// `data.settlement` of SETTLEMENT_* events, from the stored SettlementEntity; `utr` and `settled_on` are
  /// empty until the money moved (SUCCESS, REVERSED).
  static func settlement(_ stored: JSONValue, type: String, version: CashfreeWebhookVersion) -> JSONValue {
    let status = String(type.dropFirst("SETTLEMENT_".count))
    let moved = status == "SUCCESS" || status == "REVERSED"
    return .obj([
      "settlement_id": id(stored["cf_settlement_id"], version),
      "status": .string(status),
      "utr": moved ? stored["transfer_utr"] ?? "" : "",
      "payment_amount": stored["order_amount"] ?? 0,
      "service_charge": stored["service_charge"] ?? 0,
      "service_tax": stored["service_tax"] ?? 0,
      "settlement_amount": stored["settlement_amount"] ?? 0,
      "amount_settled": moved ? stored["settlement_amount"] ?? 0 : 0,
      "adjustment": 0,
      "settlement_charge": stored["service_charge"] ?? 0,
      "settlement_tax": stored["service_tax"] ?? 0,
      "payment_from": stored["payment_time"] ?? .null,
      "payment_till": stored["payment_time"] ?? .null,
      "settled_on": moved ? stored["transfer_time"] ?? .null : .null,
      "settlement_type": "NORMAL_SETTLEMENT",
    ])
  }

  /// An id as this version writes it: a JSON integer under 2022-09-01 (when all digits), else a string.
  static func id(_ value: JSONValue?, _ version: CashfreeWebhookVersion) -> JSONValue {
    guard let text = CashfreeEntities.normalizedID(value)?.textValue else { return value ?? .null }
    if version.usesIntegerIDs, !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) {
      return .number(text: text)
    }
    return .string(text)
  }

  /// `x-webhook-signature`: base64(HMAC-SHA256(key: the client secret, message: timestamp + raw body)).
  public static func signature(timestamp: String, body: [UInt8], secret: String) -> String {
    var message = Array(timestamp.utf8)
    message += body
    let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
    return Data(mac).base64EncodedString()
  }

  /// The headers of one attempt: content type, signature, timestamp (epoch ms), version, and under
  /// 2025-01-01 the attempt number and the idempotency key.
  static func headers(
    body: [UInt8], timestampMS: Int64, version: CashfreeWebhookVersion, attempt: Int, idempotencyKey: String,
    secret: String
  ) -> [(String, String)] {
    let timestamp = String(timestampMS)
    var headers = [
      ("content-type", "application/json"),
      ("x-webhook-signature", signature(timestamp: timestamp, body: body, secret: secret)),
      ("x-webhook-timestamp", timestamp), ("x-webhook-version", version.rawValue),
    ]
    if version.hasAttemptHeaders {
      headers.append(("x-webhook-attempt", String(attempt)))
      headers.append(("x-idempotency-key", idempotencyKey))
    }
    return headers
  }

  /// Lowercase hex SHA-256 of text: the idempotency key of a payload's identity.
  static func idempotencyKey(_ identity: String) -> String {
    SHA256.hash(data: Array(identity.utf8)).map { byte in
      let text = String(byte, radix: 16)
      return byte < 16 ? "0" + text : text
    }.joined()
  }
}
