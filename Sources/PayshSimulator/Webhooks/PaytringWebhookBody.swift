import PayshJSON

/// Paytring's order event as the simulator sends it. ASSUMED: Paytring documents no webhook body.
///
/// `../shared/reference/paytring_enkash.md` A5 (low confidence): third-party handlers read `order_id` (and a
/// `hash`) from the POST body, and Paytring's Node README names an `x-paytring-signature` header verified
/// with the same hash as requests. So the body is the order object exactly as the fetch answer's `order`
/// holds it (`order_id`, `receipt_id`, `amount` in paise, `currency`, `order_status`, …) plus `hash`, its
/// request hash (``PaytringHash``: sorted values, objects dropped, `|secret`, SHA-512), and the header
/// `x-paytring-signature` carries the same hash.
public enum PaytringWebhookBody {
  /// The order with its `hash` member.
  static func body(_ order: JSONValue, secret: String) -> JSONValue {
    var body = order
    body["hash"] = .string(PaytringHash.hash(order, secret: secret))
    return body
  }
}
