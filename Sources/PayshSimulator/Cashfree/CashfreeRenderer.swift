import PayshJSON

/// Renders stored (canonical) Cashfree entities in the shape of one API version.
///
/// Get Order: https://www.cashfree.com/docs/api-reference/payments/latest/orders/get
struct CashfreeRenderer {
  let version: CashfreeVersion
  /// Base of the url objects of 2022-09-01 (`…/pg`), used when an order does not carry its own.
  let urlBase: String

  static let paymentAdditions2025 = [
    "order_currency", "international_payment", "payment_gateway_details", "payment_surcharge",
  ]
  static let forexFields = [
    "forex_conversion_handling_charge", "forex_conversion_handling_tax", "forex_conversion_rate",
    "charges_currency",
  ]

  /// The order entity.
  func order(_ stored: JSONValue) -> JSONValue {
    guard let members = stored.members else { return stored }
    var output: [JSONObject.Member] = []
    let orderID = stored["order_id"]?.textValue ?? ""
    let hasURLObjects = stored["payments"] != nil
    for member in members {
      switch member.key {
      case "cf_order_id":
        output.append(JSONObject.Member(member.key, id(member.value)))
      case "customer_details" where !version.hasTermination:
        var details = member.value
        details["customer_uid"] = nil
        output.append(JSONObject.Member(member.key, details))
      case "cart_details" where !version.hasTermination:
        continue
      case "products" where !version.has2025Fields:
        continue
      case "payments", "refunds", "settlements":
        if version.usesIntegerIDs { output.append(member) }
      case "order_status" where !version.hasTermination:
        output.append(JSONObject.Member(member.key, legacyStatus(member.value)))
      default:
        output.append(member)
      }
      if member.key == "payment_session_id" && version.usesIntegerIDs && !hasURLObjects {
        let base = "\(urlBase)/orders/\(Self.encodePathSegment(orderID))"
        for name in ["payments", "refunds", "settlements"] {
          output.append(JSONObject.Member(name, .obj(["url": .string("\(base)/\(name)")])))
        }
      }
    }
    return .object(JSONObject(output))
  }

  /// A payment entity.
  func payment(_ stored: JSONValue) -> JSONValue {
    var payment = stored
    payment["cf_payment_id"] = stored["cf_payment_id"].map(id)
    if !version.has2025Fields {
      for key in Self.paymentAdditions2025 { payment[key] = nil }
    }
    return payment
  }

  /// A refund entity (2022-09-01 prefixes `cf_refund_id` with `refund_`).
  func refund(_ stored: JSONValue) -> JSONValue {
    var refund = stored
    refund["cf_payment_id"] = stored["cf_payment_id"].map(id)
    if version.usesIntegerIDs, let refundID = stored["cf_refund_id"]?.textValue {
      refund["cf_refund_id"] = .string("refund_\(refundID)")
    }
    if !version.has2025Fields {
      for key in Self.forexFields { refund[key] = nil }
    }
    return refund
  }

  /// A settlement entity.
  func settlement(_ stored: JSONValue) -> JSONValue {
    var settlement = stored
    settlement["cf_payment_id"] = stored["cf_payment_id"].map(id)
    settlement["cf_settlement_id"] = stored["cf_settlement_id"].map(id)
    if !version.has2025Fields {
      for key in Self.forexFields { settlement[key] = nil }
    }
    return settlement
  }

  /// An id in this version's type: integer in 2022-09-01 (when it is all digits), string later.
  func id(_ value: JSONValue) -> JSONValue {
    guard let text = value.textValue else { return value }
    if version.usesIntegerIDs, Int(text) != nil { return .number(text: text) }
    return .string(text)
  }

  /// 2022-09-01 has no termination states: TERMINATED shows as EXPIRED, TERMINATION_REQUESTED as ACTIVE.
  func legacyStatus(_ value: JSONValue) -> JSONValue {
    switch value.textValue {
    case "TERMINATED": return "EXPIRED"
    case "TERMINATION_REQUESTED": return "ACTIVE"
    default: return value
    }
  }

  /// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
  static func encodePathSegment(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      let char = Character(Unicode.Scalar(byte))
      if char.isASCII && (char.isLetter || char.isNumber || "-._~".contains(char)) {
        output.append(char)
      } else {
        output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
    return output
  }
}
