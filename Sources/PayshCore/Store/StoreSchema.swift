import PayshJSON

/// The store's tables and their forward-only migrations.
///
/// Every store (the user's `paysh.sqlite` and every exported `.paysh`) has the same schema. It is marked
/// with `PRAGMA application_id` (`paysh` in ASCII, less its last letter) and keeps the migrations applied in
/// `schema_migrations`; a file whose newest migration is beyond `StoreSchema.version` was written by a
/// newer paysh and is refused, never modified.
public enum StoreSchema {
  /// `PRAGMA application_id` of every paysh store: 0x70617973, "pays".
  public static let applicationID: Int64 = 0x7061_7973

  /// The page size of new stores, in bytes. A snapshot row is about 2.5 KB (body, headers, normalized
  /// order): with SQLite's default 4,096-byte pages each row took a page of its own and left ~40% of it
  /// empty, and every commit wrote whole 4 KB pages to the WAL for each index it touched. 2,048-byte pages
  /// made a 100,000-snapshot store 40% smaller (420 → 254 MB) and a commit ~25% cheaper (80 → 60 µs in
  /// `paysh-bench insert`); reading more, smaller index pages cost `sessions` 3 ms over those snapshots.
  public static let pageSize = 2048

  /// The newest schema this paysh knows.
  public static var version: Int { migrations.count }

  /// Migration N (from 1) turns a schema N-1 store into schema N. Never edit a released one: add another.
  public static let migrations: [String] = [
    """
    CREATE TABLE sessions(
      id INTEGER PRIMARY KEY,
      uid TEXT NOT NULL UNIQUE,
      name TEXT UNIQUE,
      created_at TEXT NOT NULL,
      saved_at TEXT
    );
    CREATE TABLE snapshots(
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      gateway TEXT NOT NULL,
      environment TEXT NOT NULL,
      api_version TEXT NOT NULL,
      resource TEXT NOT NULL,
      order_id TEXT NOT NULL,
      method TEXT NOT NULL,
      url TEXT NOT NULL,
      request_headers TEXT NOT NULL,
      request_body TEXT,
      status INTEGER NOT NULL,
      response_headers TEXT NOT NULL,
      body BLOB NOT NULL,
      fetched_at TEXT NOT NULL,
      latency_us INTEGER NOT NULL,
      retries TEXT NOT NULL,
      order_status TEXT,
      raw_status TEXT,
      currency TEXT,
      amount_minor INTEGER,
      paid_minor INTEGER,
      updated_at TEXT,
      normalized TEXT,
      UNIQUE(session_id, number)
    );
    CREATE INDEX snapshots_by_session ON snapshots(session_id, gateway, order_id);
    CREATE INDEX snapshots_by_order ON snapshots(order_id, fetched_at);
    CREATE TABLE commands(
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      text TEXT NOT NULL,
      status INTEGER NOT NULL,
      ran_at TEXT NOT NULL
    );
    CREATE INDEX commands_by_session ON commands(session_id);
    CREATE TABLE tags(
      session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      number INTEGER NOT NULL,
      PRIMARY KEY(session_id, name)
    );
    """,
    // 2: Tab completes the order ids of the gateway in use from the whole store (SessionStore+Completion).
    """
    CREATE INDEX snapshots_by_gateway_order ON snapshots(gateway, order_id);
    """,
    // 3: what a case reads of each answer (its parts, normalized, and its Date), written in the snapshot's
    // commit (CaseReading+Storage): `check` of a session reads these rows, not the bodies. Filled for
    // the snapshots already stored by `fillAnswerParts`, in the same transaction.
    """
    CREATE TABLE answer_parts(
      snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
      reading BLOB NOT NULL
    );
    """,
    // 4: who made each session and fetched each snapshot (`$USER`, or `author` in config.toml): a store
    // shared with a team (push, pull, the team store) says whose work is whose. NULL: from before authors.
    """
    ALTER TABLE sessions ADD COLUMN author TEXT;
    ALTER TABLE snapshots ADD COLUMN author TEXT;
    """,
  ]

  /// True when a store at schema `version` keeps authors (migration 4).
  static func hasAuthors(_ version: Int) -> Bool { version >= 4 }

  /// The columns of `snapshots` a snapshot is written to and read from, in order (no id, no session).
  static let snapshotColumns = [
    "number", "gateway", "environment", "api_version", "resource", "order_id", "method", "url", "request_headers",
    "request_body", "status", "response_headers", "body", "fetched_at", "latency_us", "retries", "order_status",
    "raw_status", "currency", "amount_minor", "paid_minor", "updated_at", "normalized", "author",
  ]

  /// Writes the reading of every stored snapshot that has none (a store from before migration 3).
  static func fillAnswerParts(_ database: Database) throws {
    let select = try database.prepare(
      "SELECT id, gateway, resource, status, response_headers, body, normalized FROM snapshots"
        + " WHERE id NOT IN (SELECT snapshot_id FROM answer_parts)")
    let insert = try database.prepare("INSERT INTO answer_parts(snapshot_id, reading) VALUES (?, ?)")
    while try select.step() {
      let reading = CaseReading(
        gateway: select.text(1), resource: select.text(2), status: select.int(3),
        date: Snapshot.headers(bytes: select.blob(4)).first("date"),
        order: select.isNull(6) ? nil : Order(storage: select.text(6)), body: try? JSONParser.parse(select.blob(5)))
      insert.reset()
      try insert.bind([.integer(select.int64(0)), .blob(reading.storageBytes)])
      try insert.run()
    }
  }

  /// What an existing file holds, read without changing it.
  enum Contents: Equatable {
    /// No tables at all: a new file, ready to be made a store.
    case empty
    /// A paysh store at schema `version`.
    case store(version: Int)
    /// An SQLite database that is not a paysh store.
    case foreign
  }

  /// Reads what `database` holds.
  static func inspect(_ database: Database) throws(DatabaseError) -> Contents {
    let tables = try database.integer("SELECT count(*) FROM sqlite_schema")
    let application = try database.integer("PRAGMA application_id")
    if tables == 0 { return application == 0 || application == applicationID ? .empty : .foreign }
    let hasMigrations = try database.integer(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
    guard application == applicationID, hasMigrations == 1 else { return .foreign }
    return .store(version: Int(try database.integer("SELECT coalesce(max(version), 0) FROM schema_migrations")))
  }

  /// Brings `database` to the newest schema in one write transaction, re-reading its version inside the
  /// transaction so two processes creating one store at once do not both migrate it.
  static func migrate(_ database: Database, now: String) throws {
    try database.transaction {
      var current = 0
      switch try inspect(database) {
      case .empty:
        try database.execute("PRAGMA application_id = \(applicationID)")
        try database.execute(
          "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
      case .store(let version): current = version
      case .foreign: throw StoreError.notAStore(database.path)
      }
      guard current < version else { return }
      for next in (current + 1)...version {
        try database.execute(migrations[next - 1])
        if next == 3 { try fillAnswerParts(database) }
        try database.run("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)", [.int(next), .text(now)])
      }
    }
  }
}
