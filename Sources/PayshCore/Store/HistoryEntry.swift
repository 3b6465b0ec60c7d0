import PayshJSON

/// One snapshot as `history` lists it: where and when it was fetched, and the order's normalized fields.
public struct HistoryEntry: Sendable, Hashable {
  /// The session's label (its name, or `unsaved-…`).
  public var session: String
  public var number: Int
  public var fetchedAt: String
  public var gateway: String
  public var resource: String
  public var orderID: String
  public var httpStatus: Int
  public var orderStatus: String?
  public var rawStatus: String?
  public var currency: String?
  public var amountMinor: Int?
  public var paidMinor: Int?
  public var updatedAt: String?
  /// For a payments or refunds snapshot: the count and the latest item's status and amount.
  public var list: ListSummary?

  /// The amount as money, when known.
  public var amount: Money? { money(amountMinor) }

  /// The amount paid as money, when known.
  public var paid: Money? { money(paidMinor) }

  func money(_ minor: Int?) -> Money? {
    guard let minor, let currency else { return nil }
    return Money(minorUnits: minor, currency: currency)
  }

  /// What differs from `previous` (an earlier snapshot of the same order and resource), field by field:
  /// `status pending→paid`, `paid ₹0.00→₹22.00`. Empty when the normalized fields are the same.
  public func changes(since previous: HistoryEntry) -> [String] {
    var changes: [String] = []
    func compare(_ label: String, _ old: String?, _ new: String?) {
      if old != new { changes.append("\(label) \(old ?? "-")→\(new ?? "-")") }
    }
    compare("HTTP", String(previous.httpStatus), String(httpStatus))
    compare("status", previous.orderStatus, orderStatus)
    compare("raw", previous.rawStatus, rawStatus)
    compare("amount", previous.amount?.description, amount?.description)
    compare("paid", previous.paid?.description, paid?.description)
    compare("items", previous.list?.statusText, list?.statusText)
    if previous.updatedAt != updatedAt, updatedAt != nil { changes.append("updated \(updatedAt ?? "")") }
    return changes
  }
}

/// The queries behind `history`.
extension SessionStore {
  static let historyColumns = """
    SELECT coalesce(s.name, 'unsaved-' || substr(s.uid, 1, 8)), n.number, n.fetched_at, n.gateway, n.resource,
      n.order_id, n.status, n.order_status, n.raw_status, n.currency, n.amount_minor, n.paid_minor, n.updated_at,
      CASE WHEN n.resource IN ('payments', 'refunds') THEN n.body END
    FROM snapshots n JOIN sessions s ON s.id = n.session_id
    """

  func entries(_ statement: Statement) throws(DatabaseError) -> [HistoryEntry] {
    var found: [HistoryEntry] = []
    while try statement.step() {
      found.append(
        HistoryEntry(
          session: statement.text(0), number: statement.int(1), fetchedAt: statement.text(2),
          gateway: statement.text(3), resource: statement.text(4), orderID: statement.text(5),
          httpStatus: statement.int(6), orderStatus: statement.optionalText(7), rawStatus: statement.optionalText(8),
          currency: statement.optionalText(9), amountMinor: statement.optionalInt(10),
          paidMinor: statement.optionalInt(11), updatedAt: statement.optionalText(12),
          list: statement.isNull(13)
            ? nil : (try? JSONParser.parse(statement.blob(13))).flatMap { ListSummary($0, resource: statement.text(4)) }
        ))
    }
    return found
  }

  /// The snapshots of session `session`, in order.
  public func history(session: Int64) throws(StoreError) -> [HistoryEntry] {
    try attempt("read the history") {
      let statement = try database.cached(SessionStore.historyColumns + " WHERE n.session_id = ? ORDER BY n.number")
      try statement.bind(.integer(session), at: 1)
      return try entries(statement)
    }
  }

  /// Every snapshot of order `orderID`, in every session, oldest first.
  public func timeline(orderID: String) throws(StoreError) -> [HistoryEntry] {
    try attempt("read the order's history") {
      let statement = try database.cached(
        SessionStore.historyColumns + " WHERE n.order_id = ? ORDER BY n.fetched_at, n.id")
      try statement.bind(.text(orderID), at: 1)
      return try entries(statement)
    }
  }
}
