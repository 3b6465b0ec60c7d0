import PayshJSON

/// The JSON diff engine: structural, order-insensitive for object keys, numbers equal by value, arrays of
/// entities matched by their identity field rather than by position.
///
/// - Objects: members compared by key, whatever their order; a key on one side only is added or removed.
/// - Numbers: `170.00` equals `170` (exact decimal comparison, never through a Double).
/// - Strings: equal when their bytes are (a gateway changing the Unicode form of a name is a change).
/// - Arrays of objects that all carry one identity field with distinct values on each side
///   (`cf_payment_id`, `refund_id`, `cardNumber`, …) are matched by it, so an insertion shifts nothing.
///   Other arrays of the same length are compared by position; of different lengths, aligned by a
///   longest-common-subsequence (Myers) diff so inserted and deleted elements show as such.
/// - A value whose JSON type differs (`2149460581` → `"2149460581"`) is a type change.
public struct JSONDiff: Sendable {
  /// Fields that identify an entity in an array, tried in order.
  public static let identityKeys = [
    "cf_payment_id", "cf_refund_id", "refund_id", "cf_settlement_id", "settlement_id", "payment_id",
    "transaction_id", "txn_id", "cardNumber", "voucherCode", "orderId", "order_id", "receipt_id", "id", "uuid",
  ]

  /// Volatile fields a gateway may change on every fetch without anything happening to the order; hidden
  /// unless `diff --all`.
  public static let volatileKeys = [
    "payment_session_id", "x-request-id", "request_id", "requestId", "cf_request_id", "trace_id", "traceId",
  ]

  public var identityKeys: [String]
  public var ignore: [IgnoreRule]

  public init(identityKeys: [String] = JSONDiff.identityKeys, ignore: [IgnoreRule] = []) {
    self.identityKeys = identityKeys
    self.ignore = ignore
  }

  /// The default rules: every volatile key, by name.
  public static var volatileRules: [IgnoreRule] {
    volatileKeys.compactMap { try? IgnoreRule($0) }
  }

  /// The changes that turn `old` into `new`.
  public func diff(_ old: JSONValue, _ new: JSONValue) -> DiffResult {
    var walker = DiffWalker(identityKeys: identityKeys, rules: ignore)
    walker.compare(old, new)
    return walker.result
  }

  /// True when the two documents have no difference by these rules (numbers by value, keys in any order).
  public static func isEquivalent(_ old: JSONValue, _ new: JSONValue) -> Bool {
    JSONDiff().diff(old, new).isEmpty
  }
}
