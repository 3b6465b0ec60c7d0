import PayshJSON

/// Snapshots, the command log and named refs of one session.
extension SessionStore {
  /// One line of a session's command log.
  public struct CommandEntry: Sendable, Hashable {
    public var text: String
    public var status: Int
    public var ranAt: String
  }

  static let insertSnapshot =
    "INSERT INTO snapshots(session_id, \(StoreSchema.snapshotColumns.joined(separator: ", "))) VALUES (?"
    + String(repeating: ", ?", count: StoreSchema.snapshotColumns.count) + ")"

  /// The snapshot columns, in `StoreSchema.snapshotColumns` order, of this file's schema.
  var selectSnapshot: String {
    let columns = StoreSchema.snapshotColumns.map { column in
      column == "author" && !StoreSchema.hasAuthors(schemaVersion) ? "NULL" : column
    }
    return "SELECT \(columns.joined(separator: ", ")) FROM snapshots"
  }

  /// Commits `snapshot` as the next of session `session` (its number is given here) in one transaction.
  public func append(
    _ snapshot: Snapshot, session: Int64, commands: [CommandEntry] = []
  ) throws(StoreError)
    -> Snapshot
  {
    try attempt("store the snapshot") {
      try database.transaction { try appendInTransaction(snapshot, session: session, commands: commands) }
    }
  }

  public func append(
    _ snapshot: Snapshot, session: Int64, uid: String, commands: [CommandEntry]
  ) throws(StoreError) -> Snapshot? {
    let author = self.author
    return try attempt("store the snapshot") {
      try database.transaction { () throws -> Snapshot? in
        // The session's row, read in the write transaction: no other writer can drop it before the commit.
        let row = try database.cached("SELECT uid, author FROM sessions WHERE id = ?")
        try row.bind([.integer(session)])
        let found = try row.first { ($0.text(0), $0.optionalText(1)) }
        guard let found, found.0 == uid, found.1 == nil || found.1 == author else { return nil }
        return try appendInTransaction(snapshot, session: session, commands: commands)
      }
    }
  }

  /// The guarded append of several snapshots in one transaction: one commit for a batch of deliveries.
  public func append(
    contentsOf snapshots: [Snapshot], session: Int64, uid: String, commands: [CommandEntry]
  ) throws(StoreError) -> [Snapshot]? {
    let author = self.author
    return try attempt("store the snapshots") {
      try database.transaction { () throws -> [Snapshot]? in
        let row = try database.cached("SELECT uid, author FROM sessions WHERE id = ?")
        try row.bind([.integer(session)])
        let found = try row.first { ($0.text(0), $0.optionalText(1)) }
        guard let found, found.0 == uid, found.1 == nil || found.1 == author else { return nil }
        return try snapshots.enumerated().map { index, snapshot in
          try appendInTransaction(snapshot, session: session, commands: index == 0 ? commands : [])
        }
      }
    }
  }

  /// The snapshot numbered next in `session`, after the lines run before it: inside the caller's transaction.
  func appendInTransaction(_ snapshot: Snapshot, session: Int64, commands: [CommandEntry]) throws -> Snapshot {
    // Lines run before this fetch ride along in its transaction: one commit per fetch, not two.
    try insertCommands(commands, session: session)
    var stored = snapshot
    stored.author = snapshot.author ?? author
    stored.number = Int(
      try database.integer(
        "SELECT coalesce(max(number), 0) + 1 FROM snapshots WHERE session_id = ?", [.integer(session)]))
    try insert(stored, session: session)
    return stored
  }

  /// Commits many snapshots of one session in a single transaction (imports, the benchmark's batch path).
  public func append(contentsOf snapshots: [Snapshot], session: Int64) throws(StoreError) {
    try attempt("store the snapshots") {
      try database.transaction {
        var number = Int(
          try database.integer(
            "SELECT coalesce(max(number), 0) FROM snapshots WHERE session_id = ?", [.integer(session)]))
        for snapshot in snapshots {
          number += 1
          var stored = snapshot
          stored.author = snapshot.author ?? author
          stored.number = number
          try insert(stored, session: session)
        }
      }
    }
  }

  /// Writes `snapshot` (numbered) into session `session`, with what a case reads of it (`answer_parts`):
  /// the one way a snapshot row is made, inside the caller's transaction.
  func insert(_ snapshot: Snapshot, session: Int64) throws {
    let insert = try database.cached(SessionStore.insertSnapshot)
    insert.reset()
    try insert.bind(.integer(session), at: 1)
    try snapshot.bind(to: insert, from: 2)
    try insert.run()
    let reading = try database.cached("INSERT INTO answer_parts(snapshot_id, reading) VALUES (?, ?)")
    reading.reset()
    try reading.bind([
      .integer(database.lastInsertRowID),
      .blob(CaseReading(snapshot, body: try? JSONParser.parse(snapshot.body)).storageBytes),
    ])
    try reading.run()
  }

  /// Snapshot `number` of session `session`, nil when there is none.
  public func snapshot(session: Int64, number: Int) throws(StoreError) -> Snapshot? {
    try attempt("read the snapshot") {
      let statement = try database.cached(selectSnapshot + " WHERE session_id = ? AND number = ?")
      try statement.bind([.integer(session), .int(number)])
      return try statement.first { Snapshot(row: $0, from: 0) }
    }
  }

  /// Every snapshot of session `session`, in order.
  public func snapshots(session: Int64) throws(StoreError) -> [Snapshot] {
    try snapshots("read the snapshots", where: "session_id = ?", [.integer(session)])
  }

  /// The snapshots of session `session` about `orderID`, on any gateway, in order (index
  /// `snapshots_by_order`): what a case is built from.
  public func snapshots(session: Int64, orderID: String) throws(StoreError) -> [Snapshot] {
    try snapshots(
      "read the order's snapshots", where: "session_id = ? AND order_id = ?", [.integer(session), .text(orderID)])
  }

  /// The snapshots `condition` (with `values`) selects, by number.
  private func snapshots(
    _ action: String, where condition: String, _ values: [SQLValue]
  ) throws(StoreError) -> [Snapshot] {
    try attempt(action) {
      let statement = try database.cached(selectSnapshot + " WHERE \(condition) ORDER BY number")
      try statement.bind(values)
      var found: [Snapshot] = []
      var decoded = Snapshot.Decoded()
      while try statement.step() { found.append(Snapshot(row: statement, from: 0, decoded: &decoded)) }
      return found
    }
  }

  /// The highest snapshot number of session `session` (0 when it has none).
  public func count(session: Int64) throws(StoreError) -> Int {
    try attempt("count the snapshots") {
      Int(
        try database.integer(
          "SELECT coalesce(max(number), 0) FROM snapshots WHERE session_id = ?", [.integer(session)]))
    }
  }

  /// Every snapshot in the store (all sessions).
  public func totalSnapshots() throws(StoreError) -> Int {
    try attempt("count the snapshots") { Int(try database.integer("SELECT count(*) FROM snapshots")) }
  }

  /// Keeps command lines in session `session`'s log, in one transaction.
  public func recordCommands(_ lines: [CommandEntry], session: Int64) throws(StoreError) {
    guard !lines.isEmpty else { return }
    try attempt("write the command log") {
      try database.transaction { try insertCommands(lines, session: session) }
    }
  }

  func insertCommands(_ lines: [CommandEntry], session: Int64) throws {
    guard !lines.isEmpty else { return }
    let insert = try database.cached("INSERT INTO commands(session_id, text, status, ran_at) VALUES (?, ?, ?, ?)")
    for line in lines {
      insert.reset()
      try insert.bind([.integer(session), .text(line.text), .int(line.status), .text(line.ranAt)])
      try insert.run()
    }
  }

  /// Session `session`'s command log, in the order run.
  public func commands(session: Int64) throws(StoreError) -> [CommandEntry] {
    try attempt("read the command log") {
      let statement = try database.cached("SELECT text, status, ran_at FROM commands WHERE session_id = ? ORDER BY id")
      try statement.bind(.integer(session), at: 1)
      var found: [CommandEntry] = []
      while try statement.step() {
        found.append(CommandEntry(text: statement.text(0), status: statement.int(1), ranAt: statement.text(2)))
      }
      return found
    }
  }

  /// Names snapshot `number` of session `session` as `@name`.
  public func tag(_ name: String, number: Int, session: Int64) throws(StoreError) {
    try attempt("write the name @\(name)") {
      try database.run(
        "INSERT OR REPLACE INTO tags(session_id, name, number) VALUES (?, ?, ?)",
        [.integer(session), .text(name), .int(number)])
    }
  }

  /// The named refs of session `session`.
  public func tags(session: Int64) throws(StoreError) -> [String: Int] {
    try attempt("read the named refs") {
      let statement = try database.cached("SELECT name, number FROM tags WHERE session_id = ?")
      try statement.bind(.integer(session), at: 1)
      var found: [String: Int] = [:]
      while try statement.step() {
        // Only names `set` could have given: a shared file can hold any text, which Tab writes as it is.
        let name = statement.text(0)
        if SnapshotRef.isName(name) { found[name] = statement.int(1) }
      }
      return found
    }
  }
}

extension SessionStore.CommandEntry {
  /// `line` as run now.
  init(_ line: LoggedLine) {
    self.init(text: line.text, status: Int(line.status.rawValue), ranAt: Clock.utcTimestamp())
  }
}
