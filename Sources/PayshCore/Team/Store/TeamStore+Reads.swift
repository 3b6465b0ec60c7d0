import NIOCore
import PayshJSON
import PostgresNIO

/// What the team store is read for besides whole snapshots: history, statuses across sessions, Tab
/// completion and the answers of a case, each one query shaped as SQLite's.
extension TeamStore {
  static let historyColumns = """
    SELECT coalesce(s.name, 'unsaved-' || substr(s.uid, 1, 8)), n.number, n.fetched_at, n.gateway, n.resource,
      n.order_id, n.status, n.order_status, n.raw_status, n.currency, n.amount_minor, n.paid_minor, n.updated_at,
      CASE WHEN n.resource IN ('payments', 'refunds') THEN n.body END
    FROM snapshots n JOIN sessions s ON s.id = n.session_id WHERE
    """

  static func historyEntry(_ row: PostgresRow) throws -> HistoryEntry {
    let cells = row.makeRandomAccess()
    let resource = try cells.text(4)
    return HistoryEntry(
      session: try cells.text(0), number: try cells.int(1), fetchedAt: try cells.text(2), gateway: try cells.text(3),
      resource: resource, orderID: try cells.text(5), httpStatus: try cells.int(6),
      orderStatus: try cells.optionalText(7), rawStatus: try cells.optionalText(8), currency: try cells.optionalText(9),
      amountMinor: try cells.optionalInt(10), paidMinor: try cells.optionalInt(11),
      updatedAt: try cells.optionalText(12),
      list: try cells.optionalBytes(13).flatMap { try? JSONParser.parse($0) }.flatMap {
        ListSummary($0, resource: resource)
      })
  }

  func history(_ condition: PostgresQuery, order: String, action: String) throws(StoreError) -> [HistoryEntry] {
    try call(action) { connection in
      var query = PostgresQuery(unsafeSQL: TeamStore.historyColumns + " ")
      query.sql += condition.sql + " ORDER BY " + order
      query.binds = condition.binds
      return try await connection.rows(query).map(TeamStore.historyEntry)
    }
  }

  public func history(session: Int64) throws(StoreError) -> [HistoryEntry] {
    try history("n.session_id = \(session)", order: "n.number", action: "read the history")
  }

  public func timeline(orderID: String) throws(StoreError) -> [HistoryEntry] {
    try history("n.order_id = \(orderID)", order: "n.fetched_at, n.id", action: "read the order's history")
  }

  public func statuses(
    elsewhereThan session: Int64, gateway: String?, orderID: String?
  ) throws(StoreError) -> [SessionStore.StoredStatus] {
    try call("read the order's statuses in other sessions") { connection in
      var binds = PostgresBindings()
      binds.append(session)
      var sql = """
        SELECT n.gateway, n.order_id, s.name, s.id, n.number, n.fetched_at, n.order_status, n.raw_status
        FROM snapshots n JOIN sessions s ON s.id = n.session_id
        WHERE n.session_id <> $1 AND n.resource = 'order' AND n.status < 300 AND n.order_status IS NOT NULL
        """
      if let gateway, let orderID {
        binds.append(gateway)
        binds.append(orderID)
        sql += " AND n.gateway = $2 AND n.order_id = $3"
      } else {
        sql += " AND (n.gateway, n.order_id) IN (SELECT gateway, order_id FROM session_orders WHERE session_id = $1)"
      }
      var query = PostgresQuery(unsafeSQL: sql, binds: binds)
      query.sql += " ORDER BY n.fetched_at, n.id"
      return try await connection.rows(query).map { row in
        let cells = row.makeRandomAccess()
        let number = try cells.int(4)
        let ref =
          try cells.optionalText(2).map { "@\($0):\(number)" } ?? "@\(number) of unnamed session #\(try cells.int64(3))"
        return SessionStore.StoredStatus(
          gateway: try cells.text(0), orderID: try cells.text(1), ref: ref, number: number,
          fetchedAt: try cells.text(5), status: OrderStatus(rawValue: try cells.text(6)) ?? .unknown,
          rawStatus: try cells.optionalText(7) ?? "")
      }
    }
  }

  public func orderIDs(
    gateway: String, session: Int64?, startingWith prefix: String, limit: Int
  ) throws(StoreError) -> [String] {
    let upper = prefix + "\u{10FFFF}"
    return try call("read the order ids") { connection in
      let rows: [PostgresRow]
      if let session {
        rows = try await connection.rows(
          """
          SELECT order_id FROM session_orders WHERE session_id = \(session) AND gateway = \(gateway)
            AND order_id >= \(prefix) AND order_id < \(upper) ORDER BY order_id COLLATE "C" LIMIT \(limit)
          """)
      } else {
        rows = try await connection.rows(
          """
          SELECT DISTINCT order_id COLLATE "C" FROM session_orders WHERE gateway = \(gateway)
            AND order_id >= \(prefix) AND order_id < \(upper) ORDER BY 1 LIMIT \(limit)
          """)
      }
      return try rows.map { try $0.decode(String.self) }
    }
  }

  public func snapshotHints(session: Int64, numbers: ClosedRange<Int>) throws(StoreError) -> [SessionStore.SnapshotHint]
  {
    let (low, high) = (numbers.lowerBound, numbers.upperBound)
    return try call("read the snapshots") { connection in
      try await connection.rows(
        """
        SELECT number, resource, order_id, status FROM snapshots WHERE session_id = \(session)
          AND number BETWEEN \(low) AND \(high) ORDER BY number
        """
      ).map {
        let (number, resource, orderID, status) = try $0.decode((Int, String, String, Int).self)
        return SessionStore.SnapshotHint(number: number, resource: resource, orderID: orderID, status: status)
      }
    }
  }

  public func sessionNames(startingWith prefix: String, limit: Int) throws(StoreError) -> [String] {
    let upper = prefix + "\u{10FFFF}"
    return try call("list the sessions") { connection in
      try await connection.rows(
        """
        SELECT name FROM sessions WHERE name >= \(prefix) AND name < \(upper) ORDER BY name COLLATE "C" LIMIT \(limit)
        """
      ).map { try $0.decode(String.self) }
    }
  }

  public func caseAnswers(session: Int64, orderID: String?) throws(StoreError) -> [CaseAnswer] {
    let carriers = CaseReading.attemptsInOrder
    let evidence = CaseReading.evidenceResources
    let rows: [AnswerRow] = try call("read the answers") { connection in
      var query: PostgresQuery = """
        SELECT number, gateway, environment, resource, order_id, status, fetched_at, NULL::TEXT, reading,
          CASE WHEN status >= 300 OR (resource = 'order' AND gateway = ANY(\(carriers))) OR resource = ANY(\(evidence))
            THEN body END,
          CASE WHEN resource = ANY(\(evidence)) THEN response_headers END
        FROM snapshots WHERE session_id = \(session)
        """
      if let orderID {
        query.binds.append(orderID)
        query.sql += " AND (order_id = $\(query.binds.count) OR resource = 'listening')"
      }
      query.sql += " ORDER BY number"
      return try await connection.rows(query).map { row in
        let cells = row.makeRandomAccess()
        return AnswerRow(
          number: try cells.int(0), gateway: try cells.text(1), environment: try cells.text(2),
          resource: try cells.text(3), orderID: try cells.text(4), status: try cells.int(5),
          fetchedAt: try cells.text(6), order: nil, reading: try cells.optionalBytes(8),
          body: try cells.optionalBytes(9), headers: try cells.optionalBytes(10))
      }
    }
    return try wholeAnswers(AnswerDecoding.decode(rows), session: session)
  }
}

extension TeamStore {
  /// The rows come whole from the server, then are given one at a time.
  public func snapshotHints(
    session: Int64, gateway: String, environment: String, _ each: (SessionStore.SnapshotHint) -> Void
  ) throws(StoreError) {
    let hints = try call("read the answers") { connection in
      try await connection.rows(
        """
        SELECT number, resource, order_id, status FROM snapshots
        WHERE session_id = \(session) AND gateway = \(gateway) AND environment = \(environment) ORDER BY number
        """
      ).map {
        let (number, resource, orderID, status) = try $0.decode((Int, String, String, Int).self)
        return SessionStore.SnapshotHint(number: number, resource: resource, orderID: orderID, status: status)
      }
    }
    hints.forEach(each)
  }
}
