import PayshJSON

/// A payments or refunds list in a line: how many items, and the status (and amount) of the latest.
///
/// The latest is the item with the greatest `payment_time` (payments) or `created_at` (refunds); items
/// without one count as older, and among equals the later in the list wins (Cashfree lists oldest first).
public struct ListSummary: Sendable, Hashable {
  public var resource: String
  public var count: Int
  public var latestStatus: String?
  public var latestAmount: Money?

  /// The summary of `body` for a `payments` or `refunds` snapshot; nil for other resources or shapes.
  public init?(_ body: JSONValue, resource: String) {
    guard resource == "payments" || resource == "refunds", case .array(let items) = body else { return nil }
    let (statusKey, timeKey, amountKey, currencyKey) =
      resource == "refunds"
      ? ("refund_status", "created_at", "refund_amount", "refund_currency")
      : ("payment_status", "payment_time", "payment_amount", "payment_currency")
    var latest: JSONValue?
    for item in items where latest == nil || (item[timeKey]?.stringValue ?? "") >= (latest?[timeKey]?.stringValue ?? "")
    {
      latest = item
    }
    self.resource = resource
    self.count = items.count
    self.latestStatus = latest?[statusKey]?.scalarText
    let currency = latest?[currencyKey]?.stringValue ?? "INR"
    self.latestAmount = latest?[amountKey]?.numberValue.flatMap { Money.major($0, currency: currency) }
  }

  /// `2 payments, latest SUCCESS`; `no refunds`.
  public var statusText: String {
    guard count > 0 else { return "no \(resource)" }
    let noun = count == 1 ? String(resource.dropLast()) : resource
    return "\(count) \(noun)" + (latestStatus.map { ", latest \($0)" } ?? "")
  }
}
