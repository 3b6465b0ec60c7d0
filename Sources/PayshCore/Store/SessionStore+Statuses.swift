/// The order statuses other sessions hold: what `status_backwards` reads across the whole store.
extension SessionStore {
  /// An order's status as one stored answer of another session showed it.
  public struct StoredStatus: Sendable, Hashable {
    public var gateway: String
    public var orderID: String
    /// How evidence names it: `@night-shift:3`, or `@3 of unnamed session #12`.
    public var ref: String
    public var number: Int
    public var fetchedAt: String
    public var status: OrderStatus
    public var rawStatus: String
  }

  static let statusesElsewhere = """
    SELECT n.gateway, n.order_id, s.name, s.id, n.number, n.fetched_at, n.order_status, n.raw_status
    FROM snapshots n JOIN sessions s ON s.id = n.session_id
    WHERE n.session_id != ?1 AND n.resource = 'order' AND n.status < 300 AND n.order_status IS NOT NULL
    """

  /// The order answers of sessions other than `session` about `orderID` on `gateway` (index
  /// `snapshots_by_gateway_order`), or, with no order given, about every order `session` holds; oldest first.
  public func statuses(
    elsewhereThan session: Int64, gateway: String?, orderID: String?
  ) throws(StoreError)
    -> [StoredStatus]
  {
    try attempt("read the order's statuses in other sessions") {
      let statement: Statement
      if let gateway, let orderID {
        statement = try database.cached(
          SessionStore.statusesElsewhere + " AND n.gateway = ?2 AND n.order_id = ?3 ORDER BY n.fetched_at, n.id")
        try statement.bind([.integer(session), .text(gateway), .text(orderID)])
      } else {
        statement = try database.cached(
          SessionStore.statusesElsewhere
            + " AND (n.gateway, n.order_id) IN (SELECT gateway, order_id FROM snapshots WHERE session_id = ?1)"
            + " ORDER BY n.fetched_at, n.id")
        try statement.bind([.integer(session)])
      }
      var found: [StoredStatus] = []
      while try statement.step() {
        let number = statement.int(4)
        let ref =
          statement.optionalText(2).map { "@\($0):\(number)" } ?? "@\(number) of unnamed session #\(statement.int(3))"
        found.append(
          StoredStatus(
            gateway: statement.text(0), orderID: statement.text(1), ref: ref, number: number,
            fetchedAt: statement.text(5), status: OrderStatus(rawValue: statement.text(6)) ?? .unknown,
            rawStatus: statement.optionalText(7) ?? ""))
      }
      return found
    }
  }
}
