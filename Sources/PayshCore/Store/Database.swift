import CSQLite

/// One connection to an SQLite file over the system libsqlite3: statements, transactions, pragmas.
///
/// A thin layer in GRDB's style, every result code checked: a failing call throws `DatabaseError`, never
/// traps. Prepared statements are cached by their SQL, so a hot insert is prepared once. Not thread-safe:
/// one owner uses it at a time (the interpreter's store, a test, the benchmark).
public final class Database {
  /// How the file is opened.
  public enum Mode: Sendable {
    /// Read and write, creating the file when missing.
    case create
    /// Read and write an existing file.
    case readWrite
    /// Read only: nothing can be written through this connection.
    case readOnly
  }

  let handle: OpaquePointer
  /// The path the connection was opened on.
  public let path: String
  var cache: [String: Statement] = [:]

  /// Opens `path`; URI file names (`file:…?mode=ro`) are understood in ATTACH.
  ///
  /// `.readOnly` on a WAL file whose `-shm` is missing in a folder this user cannot write (someone else's
  /// store, shared read-only): SQLite cannot read it (`SQLITE_READONLY` on the first read), so the file is
  /// opened again as immutable, read as it stands on disk.
  public init(path: String, mode: Mode = .create, busyTimeoutMilliseconds: Int32 = 5_000) throws(DatabaseError) {
    var flags: Int32 = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
    switch mode {
    case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    case .readWrite: flags |= SQLITE_OPEN_READWRITE
    case .readOnly: flags |= SQLITE_OPEN_READONLY
    }
    var opened = try Database.open(path, flags: flags)
    if mode == .readOnly {
      let probe = sqlite3_exec(opened, "PRAGMA schema_version", nil, nil, nil) & 0xff
      if probe == SQLITE_READONLY || probe == SQLITE_CANTOPEN {
        sqlite3_close_v2(opened)
        opened = try Database.open("file:" + Database.uriPath(path) + "?immutable=1", flags: flags)
      }
    }
    handle = opened
    self.path = path
    sqlite3_extended_result_codes(handle, 1)
    _ = paysh_busy_timeout(handle, busyTimeoutMilliseconds)
  }

  /// A connection to `name` (a path or a `file:` URI), or the error SQLite gave.
  static func open(_ name: String, flags: Int32) throws(DatabaseError) -> OpaquePointer {
    var opened: OpaquePointer?
    let code = sqlite3_open_v2(name, &opened, flags, nil)
    guard code == SQLITE_OK, let opened else {
      let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
      sqlite3_close_v2(opened)
      throw DatabaseError(code: code, message: message)
    }
    return opened
  }

  /// `path` for a `file:` URI: `%`, `?` and `#` escaped (a relative path stays relative).
  static func uriPath(_ path: String) -> String {
    var out = ""
    for character in path {
      switch character {
      case "%": out += "%25"
      case "?": out += "%3f"
      case "#": out += "%23"
      default: out.append(character)
      }
    }
    return out
  }

  deinit {
    for statement in cache.values { statement.finalize() }
    sqlite3_close_v2(handle)
  }

  /// The error SQLite reports for the last call on this connection.
  func error(_ code: Int32, sql: String? = nil) -> DatabaseError {
    DatabaseError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
      .withCode(code)
  }

  /// Runs one or more statements that return no rows (`;`-separated).
  public func execute(_ sql: String) throws(DatabaseError) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw error(code, sql: sql) }
  }

  /// A prepared statement for `sql`, cached: reset and with its bindings cleared.
  public func cached(_ sql: String) throws(DatabaseError) -> Statement {
    if let statement = cache[sql] {
      statement.reset()
      return statement
    }
    let statement = try prepare(sql)
    cache[sql] = statement
    return statement
  }

  /// A new prepared statement for `sql`, owned by the caller (finalized when released).
  public func prepare(_ sql: String) throws(DatabaseError) -> Statement {
    var prepared: OpaquePointer?
    let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
    guard code == SQLITE_OK, let prepared else { throw error(code, sql: sql) }
    return Statement(prepared, database: self, sql: sql)
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  ///
  /// `BEGIN IMMEDIATE` takes the write lock at once, so two processes writing one store wait for each
  /// other (up to the busy timeout) instead of failing half-way.
  /// BEGIN and COMMIT are prepared once and reused: a snapshot's commit is on the hot path.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try cached("BEGIN IMMEDIATE").run()
    do {
      let result = try body()
      try cached("COMMIT").run()
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The rowid of the last row inserted through this connection.
  public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  public var changes: Int { Int(sqlite3_changes(handle)) }

  /// The first column of the first row of `sql` as an integer (0 when there is no row).
  public func integer(_ sql: String, _ values: [SQLValue] = []) throws(DatabaseError) -> Int64 {
    let statement = try cached(sql)
    try statement.bind(values)
    return try statement.first { $0.int64(0) } ?? 0
  }

  /// The first column of the first row of `sql` as text, nil when there is no row or it is NULL.
  public func text(_ sql: String, _ values: [SQLValue] = []) throws(DatabaseError) -> String? {
    let statement = try cached(sql)
    try statement.bind(values)
    return try statement.first { $0.optionalText(0) } ?? nil
  }

  /// Runs `sql` with `values` bound; for statements that return no rows.
  public func run(_ sql: String, _ values: [SQLValue] = []) throws(DatabaseError) {
    let statement = try cached(sql)
    try statement.bind(values)
    while try statement.step() {}
  }

  /// The SQLite library's version, e.g. `3.40.1`.
  public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

extension DatabaseError {
  /// The same error with `code` when SQLite reported no more precise one.
  func withCode(_ fallback: Int32) -> DatabaseError {
    var copy = self
    if copy.code == SQLITE_OK { copy.code = fallback }
    return copy
  }
}
