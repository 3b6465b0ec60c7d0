import NIOCore
import PayshJSON
import PostgresNIO

/// Snapshots, command logs and named refs in the team store.
extension TeamStore {
  static let snapshotColumns = StoreSchema.snapshotColumns.joined(separator: ", ")

  /// The snapshot's columns after `number`, in `StoreSchema.snapshotColumns` order, then its case reading.
  static func bindColumns(_ snapshot: Snapshot, author: String, into binds: inout PostgresBindings) {
    binds.append(snapshot.gateway)
    binds.append(snapshot.environment)
    binds.append(snapshot.apiVersion)
    binds.append(snapshot.resource)
    binds.append(snapshot.orderID)
    binds.append(snapshot.method)
    binds.append(snapshot.url)
    binds.append(Snapshot.headersText(snapshot.requestHeaders))
    binds.append(snapshot.requestBody)
    binds.append(snapshot.status)
    binds.append(Snapshot.headersText(snapshot.responseHeaders))
    binds.append(ByteBuffer(bytes: snapshot.body))
    binds.append(snapshot.fetchedAt)
    binds.append(snapshot.latencyMicroseconds)
    binds.append(Snapshot.stringsText(snapshot.retries))
    let order = snapshot.order
    binds.append(order?.status.rawValue)
    binds.append(order?.rawStatus)
    binds.append(order?.amount?.currency ?? order?.paidAmount?.currency)
    binds.append(order?.amount?.minorUnits)
    binds.append(order?.paidAmount?.minorUnits)
    binds.append(order?.updatedAt?.iso8601)
    binds.append(order?.storageText)
    binds.append(snapshot.author ?? author)
    binds.append(ByteBuffer(bytes: CaseReading(snapshot, body: try? JSONParser.parse(snapshot.body)).storageBytes))
  }

  /// The session's counts after a snapshot of gateway `$2` is added to session `$1`.
  static let countsAfterAppend = """
    snapshot_count = snapshot_count + 1,
      gateways = CASE WHEN gateways = '' THEN $2
        WHEN position(',' || $2 || ',' IN ',' || gateways || ',') > 0 THEN gateways ELSE gateways || ',' || $2 END
    """

  /// One statement, so one round trip, for a fetch's commit: the next number taken (the session's row held
  /// until the commit), the snapshot, its order listed, and the command lines that came before it. Guarded
  /// (`$29` the session's uid, `$30` the writer), the session's row is taken only while it is still that
  /// session and the writer's: else nothing is written and no row comes back (dropped, its id taken by a
  /// session made since, or a colleague's), the check costing no round trip of its own.
  static func appendStatement(guarded: Bool) -> String {
    let columns = StoreSchema.snapshotColumns.dropFirst()  // all but number
    let values = (0..<columns.count + 1).map { "$\($0 + 2)" }.joined(separator: ", ")
    let lines = (columns.count + 3...columns.count + 5).map { "$\($0)" }
    let owned = guarded ? " AND uid = $\(columns.count + 6) AND author = $\(columns.count + 7)" : ""
    return """
      WITH taken AS (
        UPDATE sessions SET next_number = next_number + 1, \(countsAfterAppend) WHERE id = $1\(owned)
        RETURNING next_number
      ), listed AS (
        INSERT INTO session_orders(session_id, gateway, order_id) SELECT $1, $2, $6 FROM taken ON CONFLICT DO NOTHING
      ), logged AS (
        INSERT INTO commands(session_id, text, status, ran_at)
        SELECT $1, c.text, c.status, c.ran_at FROM taken,
          unnest(\(lines[0])::text[], \(lines[1])::bigint[], \(lines[2])::text[]) WITH ORDINALITY AS c(text, status, ran_at, n)
        ORDER BY c.n
      )
      INSERT INTO snapshots(session_id, number, \(columns.joined(separator: ", ")), reading)
      SELECT $1, next_number, \(values) FROM taken RETURNING number
      """
  }

  /// The types of `bindColumns`' values, in its order (declared, so a nil sent first cannot leave a
  /// parameter's type to the server's guess for the life of a prepared statement).
  static let columnTypes: [PostgresDataType] =
    Array(repeating: .text, count: 9) + [.int8, .text, .bytea, .text, .int8, .text, .text, .text, .text]
    + [.int8, .int8, .text, .text, .text, .bytea]

  /// The types of the append's parameters: the session, the columns, the command lines, the guard.
  static func appendTypes(guarded: Bool) -> [PostgresDataType] {
    [.int8] + columnTypes + [.textArray, .int8Array, .textArray] + (guarded ? [.text, .text] : [])
  }

  /// A fetch's commit as a prepared statement: postgres-nio prepares it on a connection's first use and
  /// then sends only its values, so the server parses it once a connection and, after its first few
  /// executions, reuses its plan (measured with `log_min_duration_statement`: parse 0.14 ms and bind with
  /// planning 0.15 ms of every fetch's 0.48 ms on the server, before).
  struct Append: AppendStatement {
    static let sql = TeamStore.appendStatement(guarded: false)
    static let bindingDataTypes = TeamStore.appendTypes(guarded: false)
    let binds: PostgresBindings
  }

  /// `Append` guarded by the session's uid and writer.
  struct GuardedAppend: AppendStatement {
    static let sql = TeamStore.appendStatement(guarded: true)
    static let bindingDataTypes = TeamStore.appendTypes(guarded: true)
    let binds: PostgresBindings
  }

  /// Inserts `snapshot` as numbered (a copy keeps its numbers) into `session`, and keeps the session's counts.
  static func insert(
    _ snapshot: Snapshot, session: Int64, author: String, on connection: PostgresConnection
  ) async throws {
    var binds = PostgresBindings()
    binds.append(session)
    bindColumns(snapshot, author: author, into: &binds)
    binds.append(snapshot.number)
    let columns = StoreSchema.snapshotColumns.dropFirst()
    let values = (0..<columns.count + 1).map { "$\($0 + 2)" }.joined(separator: ", ")
    let number = "$\(columns.count + 3)"
    _ = try await connection.rows(
      PostgresQuery(
        unsafeSQL: """
          WITH counted AS (
            UPDATE sessions SET next_number = greatest(next_number, \(number)::INTEGER), \(countsAfterAppend)
            WHERE id = $1
          ), listed AS (
            INSERT INTO session_orders(session_id, gateway, order_id) VALUES ($1, $2, $6) ON CONFLICT DO NOTHING
          )
          INSERT INTO snapshots(session_id, number, \(columns.joined(separator: ", ")), reading)
          VALUES ($1, \(number)::INTEGER, \(values))
          """, binds: binds))
  }

  static func insertCommands(
    _ lines: [SessionStore.CommandEntry], session: Int64, on connection: PostgresConnection
  ) async throws {
    for line in lines {
      _ = try await connection.rows(
        "INSERT INTO commands(session_id, text, status, ran_at) VALUES (\(session), \(line.text), \(line.status), \(line.ranAt))"
      )
    }
  }

  public func append(
    _ snapshot: Snapshot, session: Int64, commands: [SessionStore.CommandEntry] = []
  ) throws(StoreError) -> Snapshot {
    guard let stored = try append(snapshot, session: session, uid: nil, commands: commands) else {
      throw StoreError.unreachable("session #\(session)", detail: "it was dropped")
    }
    return stored
  }

  public func append(
    _ snapshot: Snapshot, session: Int64, uid: String, commands: [SessionStore.CommandEntry]
  ) throws(StoreError) -> Snapshot? {
    try append(snapshot, session: session, uid: Optional(uid), commands: commands)
  }

  /// The fetch's commit, one statement; guarded by `uid` and the writer when `uid` is given. Nil when no
  /// row was written.
  func append(
    _ snapshot: Snapshot, session: Int64, uid: String?, commands: [SessionStore.CommandEntry]
  ) throws(StoreError) -> Snapshot? {
    let author = writer
    var stored = snapshot
    stored.author = snapshot.author ?? author
    var binds = PostgresBindings()
    binds.append(session)
    TeamStore.bindColumns(stored, author: author, into: &binds)
    binds.append(commands.map(\.text))
    binds.append(commands.map { Int64($0.status) })
    binds.append(commands.map(\.ranAt))
    if let uid {
      binds.append(uid)
      binds.append(author)
    }
    let statement: any AppendStatement = uid == nil ? Append(binds: binds) : GuardedAppend(binds: binds)
    let number: Int? = try call("store the snapshot") { connection in try await statement.number(on: connection) }
    guard let number else { return nil }
    stored.number = number
    return stored
  }

  public func append(contentsOf snapshots: [Snapshot], session: Int64) throws(StoreError) {
    let author = writer
    try call("store the snapshots", writes: true, items: snapshots.count) { connection in
      for snapshot in snapshots {
        let taken = try await connection.rows(
          "UPDATE sessions SET next_number = next_number + 1 WHERE id = \(session) RETURNING next_number")
        guard let row = taken.first else { return }
        var stored = snapshot
        stored.number = try row.decode(Int.self)
        try await TeamStore.insert(stored, session: session, author: author, on: connection)
      }
    }
  }

  static func snapshot(_ row: PostgresRow) throws -> Snapshot {
    let cells = row.makeRandomAccess()
    var decoded = Snapshot.Decoded()
    return Snapshot(
      number: try cells.int(0), gateway: try cells.text(1), environment: try cells.text(2),
      apiVersion: try cells.text(3), resource: try cells.text(4), orderID: try cells.text(5),
      method: try cells.text(6), url: try cells.text(7), requestHeaders: Snapshot.headers(try cells.text(8)),
      requestBody: try cells.optionalText(9), status: try cells.int(10),
      responseHeaders: Snapshot.headers(try cells.text(11)), body: try cells.bytes(12), fetchedAt: try cells.text(13),
      latencyMicroseconds: try cells.int(14), retries: Snapshot.strings(try cells.text(15)),
      order: decoded.order(try cells.optionalTextBytes(22)), author: try cells.optionalText(23))
  }

  func snapshots(_ condition: PostgresQuery, action: String) throws(StoreError) -> [Snapshot] {
    try call(action) { connection in
      var query = PostgresQuery(unsafeSQL: "SELECT \(TeamStore.snapshotColumns) FROM snapshots WHERE ")
      query.sql += condition.sql + " ORDER BY number"
      query.binds = condition.binds
      return try await connection.rows(query).map(TeamStore.snapshot)
    }
  }

  public func snapshot(session: Int64, number: Int) throws(StoreError) -> Snapshot? {
    try snapshots("session_id = \(session) AND number = \(number)", action: "read the snapshot").first
  }

  public func snapshots(session: Int64) throws(StoreError) -> [Snapshot] {
    try snapshots("session_id = \(session)", action: "read the snapshots")
  }

  public func snapshots(session: Int64, orderID: String) throws(StoreError) -> [Snapshot] {
    try snapshots("session_id = \(session) AND order_id = \(orderID)", action: "read the order's snapshots")
  }

  public func count(session: Int64) throws(StoreError) -> Int {
    try call("count the snapshots") { connection in
      try await connection.rows("SELECT coalesce(max(number), 0)::INTEGER FROM snapshots WHERE session_id = \(session)")
        .first?.decode(Int.self) ?? 0
    }
  }

  public func totalSnapshots() throws(StoreError) -> Int {
    try call("count the snapshots") { connection in
      try await connection.rows("SELECT coalesce(sum(snapshot_count), 0)::BIGINT FROM sessions").first?.decode(
        Int.self) ?? 0
    }
  }

  public func recordCommands(_ lines: [SessionStore.CommandEntry], session: Int64) throws(StoreError) {
    guard !lines.isEmpty else { return }
    try call("write the command log", writes: true) { connection in
      try await TeamStore.insertCommands(lines, session: session, on: connection)
    }
  }

  public func commands(session: Int64) throws(StoreError) -> [SessionStore.CommandEntry] {
    try call("read the command log") { connection in
      try await connection.rows("SELECT text, status, ran_at FROM commands WHERE session_id = \(session) ORDER BY id")
        .map {
          let (text, status, ranAt) = try $0.decode((String, Int, String).self)
          return SessionStore.CommandEntry(text: text, status: status, ranAt: ranAt)
        }
    }
  }

  public func tag(_ name: String, number: Int, session: Int64) throws(StoreError) {
    try call("write the named ref", writes: true) { connection in
      _ = try await connection.rows(
        """
        INSERT INTO tags(session_id, name, number) VALUES (\(session), \(name), \(number))
        ON CONFLICT (session_id, name) DO UPDATE SET number = excluded.number
        """)
    }
  }

  public func tags(session: Int64) throws(StoreError) -> [String: Int] {
    let pairs = try call("read the named refs") { connection in
      try await connection.rows("SELECT name, number FROM tags WHERE session_id = \(session)")
        .map { try $0.decode((String, Int).self) }
    }
    return Dictionary(pairs, uniquingKeysWith: { _, last in last })
  }

  public func transferable(session id: Int64) throws(StoreError) -> TransferredSession? {
    let header = try call("read the session") { connection in
      try await connection.rows("SELECT uid, name, created_at, saved_at, author FROM sessions WHERE id = \(id)")
        .first.map { try $0.decode((String, String?, String, String?, String).self) }
    }
    guard let header else { return nil }
    return TransferredSession(
      uid: header.0, name: header.1, author: header.4, createdAt: header.2, savedAt: header.3,
      snapshots: try snapshots(session: id),
      commands: try commands(session: id), tags: try tags(session: id))
  }

  @discardableResult
  public func adopt(_ session: TransferredSession, name: String?) throws(StoreError) -> Int64 {
    let author = writer
    return try call("write the copied session", writes: true, items: session.snapshots.count) { connection in
      let rows = try await connection.rows(
        """
        INSERT INTO sessions(uid, name, author, created_at, saved_at)
        VALUES (\(session.uid), \(name), \(session.author ?? author), \(session.createdAt), \(session.savedAt))
        RETURNING id
        """)
      let id = try rows[0].decode(Int64.self)
      for snapshot in session.snapshots {
        try await TeamStore.insert(snapshot, session: id, author: author, on: connection)
      }
      try await TeamStore.insertCommands(session.commands, session: id, on: connection)
      for (tag, number) in session.tags.sorted(by: { $0.key < $1.key }) {
        _ = try await connection.rows("INSERT INTO tags(session_id, name, number) VALUES (\(id), \(tag), \(number))")
      }
      return id
    }
  }
}

/// The two forms of a fetch's commit (`TeamStore.Append`, `GuardedAppend`): their values, the number their
/// row comes back with, and what is done when the server refuses the prepared form.
protocol AppendStatement: PostgresPreparedStatement where Row == Int {
  var binds: PostgresBindings { get }
}

extension AppendStatement {
  func makeBindings() -> PostgresBindings { binds }
  func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }

  /// The number the append's row came back with; nil when it wrote none. Its rows read to the end.
  func number(on connection: PostgresConnection) async throws -> Int? {
    do {
      var number: Int?
      for try await value in try await connection.execute(self, logger: TeamDatabase.quiet) { number = value }
      return number
    } catch let error as PSQLError where error.code == .server {
      // The server refused the statement. postgres-nio keeps a failed prepare as the statement's state on
      // that connection for good (a lock timeout while a migration held the table would fail every later
      // fetch there), so the same statement is sent once more unprepared: nothing was written (one
      // statement), and an error that is the statement's own comes back again from here.
      return try await connection.rows(PostgresQuery(unsafeSQL: Self.sql, binds: binds)).first?.decode(Int.self)
    }
  }
}
