/// The store's answers to Tab: bounded, indexed reads of what paysh has seen (order ids, snapshots, session
/// names). Each reads at most `limit` rows through an index, so Tab stays instant on a large store
/// (scripts/bench/complete measures it on 100,000 snapshots).
extension SessionStore {
  /// A stored answer's number, part, order and status, nothing of its body: what `@N` is, for the hint
  /// beside it in the candidate list, and what `--resume` reads of each answer.
  public struct SnapshotHint: Sendable, Hashable {
    public var number: Int
    public var resource: String
    public var orderID: String
    public var status: Int
  }

  /// The distinct order ids of `gateway` starting with `prefix`, in id order, at most `limit`: those of
  /// session `session` (through `snapshots_by_session`), or of the whole store when `session` is nil
  /// (through `snapshots_by_gateway_order`).
  public func orderIDs(
    gateway: String, session: Int64?, startingWith prefix: String, limit: Int
  ) throws(StoreError)
    -> [String]
  {
    let range = SessionStore.prefixRange(prefix)
    return try attempt("read the order ids") {
      let scope = session == nil ? "" : "session_id = ? AND "
      let statement = try database.cached(
        "SELECT DISTINCT order_id FROM snapshots WHERE \(scope)gateway = ? AND order_id >= ? AND order_id < ?"
          + " ORDER BY order_id LIMIT ?")
      var values: [SQLValue] = session.map { [.integer($0)] } ?? []
      values += [.text(gateway), .text(range.lower), .text(range.upper), .int(limit)]
      try statement.bind(values)
      var found: [String] = []
      while try statement.step() { found.append(statement.text(0)) }
      return found
    }
  }

  /// The hints of session `session`'s snapshots numbered in `numbers`, in number order.
  public func snapshotHints(session: Int64, numbers: ClosedRange<Int>) throws(StoreError) -> [SnapshotHint] {
    try attempt("read the snapshots") {
      let statement = try database.cached(
        "SELECT number, resource, order_id, status FROM snapshots WHERE session_id = ? AND number BETWEEN ? AND ?"
          + " ORDER BY number")
      try statement.bind([.integer(session), .int(numbers.lowerBound), .int(numbers.upperBound)])
      var found: [SnapshotHint] = []
      while try statement.step() {
        found.append(
          SnapshotHint(
            number: statement.int(0), resource: statement.text(1), orderID: statement.text(2),
            status: statement.int(3)))
      }
      return found
    }
  }

  /// Session `session`'s answers on `gateway` in `environment`, in order, one at a time (`--resume`: a
  /// session of 100,000 answers is read without holding them).
  public func snapshotHints(
    session: Int64, gateway: String, environment: String, _ each: (SnapshotHint) -> Void
  ) throws(StoreError) {
    try attempt("read the answers") {
      let statement = try database.cached(
        "SELECT number, resource, order_id, status FROM snapshots"
          + " WHERE session_id = ? AND gateway = ? AND environment = ? ORDER BY number")
      try statement.bind([.integer(session), .text(gateway), .text(environment)])
      while try statement.step() {
        each(
          SnapshotHint(
            number: statement.int(0), resource: statement.text(1), orderID: statement.text(2),
            status: statement.int(3)))
      }
    }
  }

  /// The session names starting with `prefix`, in name order, at most `limit` (through the names' index).
  public func sessionNames(startingWith prefix: String, limit: Int) throws(StoreError) -> [String] {
    let range = SessionStore.prefixRange(prefix)
    return try attempt("list the sessions") {
      let statement = try database.cached(
        "SELECT name FROM sessions WHERE name >= ? AND name < ? ORDER BY name LIMIT ?")
      try statement.bind([.text(range.lower), .text(range.upper), .int(limit)])
      var found: [String] = []
      while try statement.step() { found.append(statement.text(0)) }
      return found
    }
  }

  /// The bounds of the texts starting with `prefix` in SQLite's binary order: from `prefix` itself to
  /// `prefix` followed by the highest scalar (its UTF-8 sorts after that of every other).
  static func prefixRange(_ prefix: String) -> (lower: String, upper: String) {
    (prefix, prefix + "\u{10FFFF}")
  }
}
