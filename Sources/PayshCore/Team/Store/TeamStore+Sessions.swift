import NIOCore
import PostgresNIO

/// Sessions in the team store.
extension TeamStore {
  static let sessionColumns =
    "id, uid, name, created_at, snapshot_count, gateways, order_count, author FROM sessions"

  static func sessionInfo(_ row: PostgresRow) throws -> SessionStore.SessionInfo {
    let cells = row.makeRandomAccess()
    return SessionStore.SessionInfo(
      id: try cells.int64(0), uid: try cells.text(1), name: try cells.optionalText(2), createdAt: try cells.text(3),
      snapshots: try cells.int(4), gateways: try cells.text(5).split(separator: ",").map(String.init).sorted(),
      orders: try cells.int(6), author: try cells.text(7))
  }

  func sessions(where condition: PostgresQuery, action: String) throws(StoreError) -> [SessionStore.SessionInfo] {
    try call(action) { connection in
      var query = PostgresQuery(unsafeSQL: "SELECT \(TeamStore.sessionColumns) WHERE ")
      query.sql += condition.sql
      query.binds = condition.binds
      query.sql += " ORDER BY id"
      return try await connection.rows(query).map(TeamStore.sessionInfo)
    }
  }

  public func createSession() throws(StoreError) -> Int64 {
    let (uid, now, author) = (SessionStore.newUID(), Clock.utcTimestamp(), writer)
    return try call("write a new session", writes: true) { connection in
      let rows = try await connection.rows(
        "INSERT INTO sessions(uid, author, created_at) VALUES (\(uid), \(author), \(now)) RETURNING id")
      return try rows[0].decode(Int64.self)
    }
  }

  public func sessions() throws(StoreError) -> [SessionStore.SessionInfo] {
    try sessions(where: "TRUE", action: "list the sessions")
  }

  public func session(id: Int64) throws(StoreError) -> SessionStore.SessionInfo? {
    try sessions(where: "id = \(id)", action: "read a session").first
  }

  public func session(uid: String) throws(StoreError) -> SessionStore.SessionInfo? {
    try sessions(where: "uid = \(uid)", action: "find a session").first
  }

  public func session(named name: String) throws(StoreError) -> SessionStore.SessionInfo? {
    if let found = try sessions(where: "name = \(name)", action: "find a session").first { return found }
    let prefix = name.hasPrefix("unsaved-") ? String(name.dropFirst(8)) : name
    guard prefix.count >= 8, prefix.allSatisfy(\.isHexDigit) else { return nil }
    let lowered = prefix.lowercased()
    return try sessions(
      where: "name IS NULL AND substr(uid, 1, length(\(lowered))) = \(lowered)", action: "find a session"
    ).first
  }

  /// One lookup by primary key (asked before every write, to notice a session dropped meanwhile).
  public func uid(of id: Int64) throws(StoreError) -> String? {
    try call("read a session") { connection in
      try await connection.rows("SELECT uid FROM sessions WHERE id = \(id)").first?.decode(String.self)
    }
  }

  public func name(session id: Int64, _ name: String) throws(StoreError) {
    let now = Clock.utcTimestamp()
    try call("write the session name", writes: true) { connection in
      _ = try await connection.rows("UPDATE sessions SET name = \(name), saved_at = \(now) WHERE id = \(id)")
    }
  }

  /// The check and the naming in one transaction; of two processes saving one name at once, the second
  /// waits on the first's row lock and finds its session here (the UNIQUE index settles any race left).
  public func claim(_ name: String, session id: Int64) throws(StoreError) -> SessionStore.SessionInfo? {
    let now = Clock.utcTimestamp()
    let holder: Int64? = try call("write the session name", writes: true) { connection in
      let found = try await connection.rows("SELECT id FROM sessions WHERE name = \(name) FOR UPDATE")
      if let row = found.first, case let other = try row.decode(Int64.self), other != id { return other }
      let updated = try await connection.rows(
        """
        UPDATE sessions SET name = \(name), saved_at = \(now) WHERE id = \(id)
          AND NOT EXISTS (SELECT 1 FROM sessions WHERE name = \(name) AND id <> \(id)) RETURNING id
        """)
      if updated.isEmpty {
        return try await connection.rows("SELECT id FROM sessions WHERE name = \(name)").first?.decode(Int64.self)
      }
      return nil
    }
    guard let holder else { return nil }
    return try session(id: holder)
  }

  public func drop(session id: Int64) throws(StoreError) {
    try call("write (drop) the session", writes: true) { connection in
      _ = try await connection.rows("DELETE FROM sessions WHERE id = \(id)")
    }
  }

  public func freeName(like name: String) throws(StoreError) -> String {
    let taken = Set(
      try call("find a free name") { connection in
        try await connection.rows("SELECT name FROM sessions WHERE name = \(name) OR name LIKE \(name + "-%")")
          .map { try $0.decode(String.self) }
      })
    var candidate = name
    var suffix = 2
    while taken.contains(candidate) {
      candidate = "\(name)-\(suffix)"
      suffix += 1
    }
    return candidate
  }
}
