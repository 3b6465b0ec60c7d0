#if canImport(Glibc)
import Glibc
#endif

/// The SQLite file that keeps sessions, their snapshots, command logs and named refs.
///
/// Opened in WAL mode with `synchronous = NORMAL`: each snapshot is its own transaction, committed to the
/// write-ahead log before `append` returns, so a process killed at any point (even `kill -9`) loses
/// nothing it has shown; only an operating-system crash or power loss can lose the last commits, never
/// corrupt the file. A busy timeout lets two shells write one store. The file is created with mode 0600
/// in a folder made with 0700. A file written by a newer paysh, a damaged file and a file that is not a
/// paysh store are refused with one line and never changed.
public final class SessionStore: SessionStorage {
  /// A session as `sessions` lists it.
  public struct SessionInfo: Sendable, Hashable {
    public var id: Int64
    /// 32 hex digits, the same in every store the session is exported to or imported into.
    public var uid: String
    public var name: String?
    public var createdAt: String
    public var snapshots: Int
    public var gateways: [String]
    public var orders: Int
    /// Who made it; nil for a session from before paysh kept authors.
    public var author: String?

    /// The name, or `unsaved-` and the first 8 digits of the uid.
    public var label: String { name ?? "unsaved-" + uid.prefix(8) }
  }

  public let path: String
  public let readOnly: Bool
  /// The schema the file is at: the newest for a store this paysh writes (it migrates on opening), perhaps
  /// older for a file opened read-only (a recording or a teammate's export is never changed), whose reads
  /// leave out what its schema lacks (`StoreSchema.hasAuthors`).
  public private(set) var schemaVersion = StoreSchema.version
  /// Who this paysh writes as: each session it makes and snapshot it stores carries it. Nil: no author
  /// (a store made by a test or a tool).
  public var author: String?
  /// What a write asked of a read-only store is refused with: a shared file (`readOnly`), or the user's
  /// own store found not writable (`notWritable`, set by the log that opened it so).
  public internal(set) var writeRefusal: StoreError
  let database: Database

  /// Opens (creating when allowed) the store at `path`.
  ///
  /// - Parameters:
  ///   - readOnly: open without changing anything (`paysh open FILE.paysh`, the source of an import).
  ///   - verify: run SQLite's `quick_check` first, to refuse a damaged file before reading it.
  ///   - writeAheadLog: WAL mode (the user's store); false keeps one self-contained file (an export).
  ///   - makeFolders: make the file's missing folders (0700): only for the default location; a path the
  ///     user gave (`--store`, `PAYSH_STORE`, an export) must name a folder that exists.
  ///
  /// `:memory:` is a store in memory: no file is made, and nothing outlives the process.
  public init(
    path: String, readOnly: Bool = false, verify: Bool = false, writeAheadLog: Bool = true, makeFolders: Bool = false
  ) throws(StoreError) {
    self.path = path
    self.readOnly = readOnly
    writeRefusal = .readOnly(path)
    if path == SessionStore.inMemory {
      if readOnly { throw .unreachable(path, detail: "a store in memory holds nothing to read") }
    } else if readOnly {
      // A shared file (`paysh open`, a recording, an import source): a regular file within the cap.
      try FileText.checkReadable(path, what: "store", limit: FileText.maxStoreBytes())
        .mapError { StoreError.unreachable(path, detail: $0.reason) }.get()
    } else {
      try SessionStore.createFile(path, makeFolders: makeFolders)
    }
    do {
      database = try Database(path: path, mode: readOnly ? .readOnly : .readWrite)
    } catch {
      throw StoreError.opening(path, error)
    }
    do {
      // Reads through a memory map instead of a pread per page: loading a recording of 10,000 snapshots
      // for an offline replay took 15,000 preads (scripts/bench/replay). A run that writes many answers
      // turns it off while it writes (`mapReads`).
      try database.execute("PRAGMA mmap_size = \(SessionStore.mapBytes)")
      if verify {
        let check = try database.text("PRAGMA quick_check(1)") ?? "ok"
        if check != "ok" { throw StoreError.corrupt(path, detail: SessionStore.firstProblem(check)) }
      }
      switch try StoreSchema.inspect(database) {
      case .foreign: throw StoreError.notAStore(path)
      case .empty where readOnly: throw StoreError.notAStore(path)
      case .store(let version) where version > StoreSchema.version:
        throw StoreError.newerSchema(path, found: version, known: StoreSchema.version)
      case .store(let version) where readOnly: schemaVersion = version
      default: break
      }
      if readOnly {
        try database.execute("PRAGMA query_only = ON")
      } else {
        try SessionStore.prepare(database, writeAheadLog: writeAheadLog)
      }
    } catch let error as StoreError {
      throw error
    } catch let error as DatabaseError {
      throw StoreError.opening(path, error)
    } catch {
      throw StoreError.unreachable(path, detail: "\(error)")
    }
  }

  /// The most of the file SQLite maps to read it through (256 MiB).
  static let mapBytes = 268_435_456

  /// Reads through the memory map (as opened), or only through SQLite's page cache (bounded: 2 MiB).
  ///
  /// Off while a run writes many answers (`fetch --from`, `case --from`): a page a write reads through the
  /// map stays in the process's resident set until the map is dropped, with its neighbours (the kernel
  /// maps the pages around a fault that it holds already: runs of 64-256 KiB), so the resident part grew
  /// with the store: `fetch --from` over 100,000 ids ended with 38 MiB of the 330 MiB store resident, about
  /// a ninth of every table and index mapped (scripts/bench/bulk, issue 17). Reads stay mapped: `check` of
  /// a session ran 11% slower without (scripts/bench/check). Turning it off drops the map at once.
  public func mapReads(_ on: Bool) throws(StoreError) {
    do {
      try database.execute("PRAGMA mmap_size = \(on ? SessionStore.mapBytes : 0)")
    } catch {
      throw .database(path, action: "set how the store is read", error)
    }
  }

  /// The first line of a `quick_check` report that says something (not its `*** in database main ***`).
  static func firstProblem(_ report: String) -> String {
    let lines = report.split(separator: "\n").map { $0.drop { $0 == " " } }
    return String(lines.first { !$0.hasPrefix("***") && !$0.isEmpty } ?? "its pages do not hold together")
  }

  /// Sets WAL mode and migrates. Two processes opening a new store at once can meet SQLITE_BUSY where
  /// SQLite does not call the busy handler (switching the journal mode, recovering the WAL): retried for
  /// up to five seconds, since the other process finishes in milliseconds.
  static func prepare(_ database: Database, writeAheadLog: Bool) throws {
    var attempt = 0
    while true {
      do {
        // Only a new file takes it (an existing store keeps the page size it was made with).
        try database.execute("PRAGMA page_size = \(StoreSchema.pageSize)")
        if writeAheadLog, try database.text("PRAGMA journal_mode") != "wal" {
          try database.execute("PRAGMA journal_mode = WAL")
        }
        try database.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        try StoreSchema.migrate(database, now: Clock.utcTimestamp())
        return
      } catch let error as DatabaseError where error.isBusy && attempt < 250 {
        attempt += 1
        usleep(20_000)
      }
    }
  }

  /// The path SQLite reads as a store in memory.
  public static let inMemory = ":memory:"

  /// Makes the file (0600) when it is missing, and its folders (0700) when `makeFolders`; an existing
  /// path must be a regular file within the size cap (SQLite would block on a FIFO, read a device).
  static func createFile(_ path: String, makeFolders: Bool) throws(StoreError) {
    if makeFolders {
      var folder = ""
      let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      for (index, part) in parts.enumerated() {
        folder += (index == 0 ? "" : "/") + part
        if folder.isEmpty { continue }
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
          throw .unreachable(path, detail: "cannot make \(folder): \(String(cString: strerror(errno)))")
        }
      }
    } else if let problem = StoreLocation.folderProblem(path) {
      throw .unreachable(path, detail: problem)
    }
    if FileText.exists(path) {
      try FileText.checkReadable(path, what: "store").mapError { StoreError.unreachable(path, detail: $0.reason) }
        .get()
    }
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600)
    guard descriptor >= 0 else { throw .unreachable(path, detail: String(cString: strerror(errno))) }
    close(descriptor)
  }

  /// Runs `body`, turning an SQLite failure into a `StoreError` that says what was being done.
  func attempt<T>(_ action: String, _ body: () throws -> T) throws(StoreError) -> T {
    if readOnly, action.hasPrefix("write") || action.hasPrefix("store") { throw writeRefusal }
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch let error as DatabaseError {
      if error.isCorrupt { throw .corrupt(path, detail: error.message) }
      if error.primaryCode == 8 /* SQLITE_READONLY */ { throw readOnly ? writeRefusal : .readOnly(path) }
      throw .database(path, action: action, error)
    } catch {
      throw .unreachable(path, detail: "\(error)")
    }
  }

  /// A new random session id: 32 hex digits.
  static func newUID() -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
  }

  /// Starts a new, unnamed session and returns its row id.
  public func createSession() throws(StoreError) -> Int64 {
    try attempt("write a new session") {
      try database.run(
        "INSERT INTO sessions(uid, created_at, author) VALUES (?, ?, ?)",
        [.text(SessionStore.newUID()), .text(Clock.utcTimestamp()), .optional(author)])
      return database.lastInsertRowID
    }
  }

  /// Sessions with their counts, the snapshots read in one pass of `snapshots_by_session` (three correlated
  /// subqueries a session read it three times: 23 → 14 ms on 100,000 snapshots). `one`: only session `?1`.
  func sessionsQuery(one: Bool) -> String {
    """
    SELECT s.id, s.uid, s.name, s.created_at, coalesce(a.snapshots, 0), a.gateways, coalesce(a.orders, 0),
      \(StoreSchema.hasAuthors(schemaVersion) ? "s.author" : "NULL")
    FROM sessions s LEFT JOIN (
      SELECT session_id, count(*) AS snapshots, group_concat(DISTINCT gateway) AS gateways,
        count(DISTINCT gateway || char(0) || order_id) AS orders
      FROM snapshots\(one ? " WHERE session_id = ?1" : "") GROUP BY session_id
    ) a ON a.session_id = s.id
    \(one ? "WHERE s.id = ?1" : "ORDER BY s.id")
    """
  }

  func sessionInfo(_ statement: Statement) -> SessionInfo {
    SessionInfo(
      id: statement.int64(0), uid: statement.text(1), name: statement.optionalText(2), createdAt: statement.text(3),
      snapshots: statement.int(4), gateways: statement.text(5).split(separator: ",").map(String.init),
      orders: statement.int(6), author: statement.optionalText(7))
  }

  /// Every session, oldest first, with its counts.
  public func sessions() throws(StoreError) -> [SessionInfo] {
    try attempt("list the sessions") {
      let statement = try database.cached(sessionsQuery(one: false))
      var found: [SessionInfo] = []
      while try statement.step() { found.append(sessionInfo(statement)) }
      return found
    }
  }

  /// The session with row id `id`.
  public func session(id: Int64) throws(StoreError) -> SessionInfo? {
    try attempt("read a session") {
      let statement = try database.cached(sessionsQuery(one: true))
      try statement.bind(.integer(id), at: 1)
      return try statement.first(sessionInfo)
    }
  }

  /// The uid of session `id`, or nil when there is no such session.
  public func uid(of id: Int64) throws(StoreError) -> String? {
    try attempt("read a session") { try database.text("SELECT uid FROM sessions WHERE id = ?", [.integer(id)]) }
  }

  /// The session called `name`, or whose label (`unsaved-1a2b3c4d`) or uid is `name`.
  public func session(named name: String) throws(StoreError) -> SessionInfo? {
    let id: Int64? = try attempt("find a session") {
      if let id = try database.text("SELECT id FROM sessions WHERE name = ?", [.text(name)]) { return Int64(id) }
      let prefix = name.hasPrefix("unsaved-") ? String(name.dropFirst(8)) : name
      guard prefix.count >= 8, prefix.allSatisfy(\.isHexDigit) else { return nil }
      let matches = try database.prepare("SELECT id FROM sessions WHERE name IS NULL AND substr(uid, 1, ?) = ?")
      try matches.bind([.int(prefix.count), .text(prefix.lowercased())])
      return try matches.first { $0.int64(0) }
    }
    guard let id else { return nil }
    return try session(id: id)
  }

  /// The session whose uid is `uid`, nil when this store has none.
  public func session(uid: String) throws(StoreError) -> SessionInfo? {
    let id: Int64? = try attempt("find a session") {
      try database.text("SELECT id FROM sessions WHERE uid = ?", [.text(uid)]).flatMap { Int64($0) }
    }
    guard let id else { return nil }
    return try session(id: id)
  }

  /// Names session `id` (or renames it); the caller has checked the name is free.
  public func name(session id: Int64, _ name: String) throws(StoreError) {
    try attempt("write the session name") {
      try database.run(
        "UPDATE sessions SET name = ?, saved_at = ? WHERE id = ?",
        [.text(name), .text(Clock.utcTimestamp()), .integer(id)])
    }
  }

  /// Names session `id` `name` unless another session has that name: the check and the naming in one
  /// `BEGIN IMMEDIATE` transaction, so of two processes saving one name at once, the second finds the
  /// first's session here (never SQLite's UNIQUE failure). Returns that other session, or nil when named.
  public func claim(_ name: String, session id: Int64) throws(StoreError) -> SessionInfo? {
    let holder: Int64? = try attempt("write the session name") {
      try database.transaction { () throws -> Int64? in
        let found = try database.text("SELECT id FROM sessions WHERE name = ?", [.text(name)]).flatMap { Int64($0) }
        if let found, found != id { return found }
        try database.run(
          "UPDATE sessions SET name = ?, saved_at = ? WHERE id = ?",
          [.text(name), .text(Clock.utcTimestamp()), .integer(id)])
        return nil
      }
    }
    guard let holder else { return nil }
    return try session(id: holder)
  }

  /// Deletes session `id` with its snapshots, commands and tags.
  public func drop(session id: Int64) throws(StoreError) {
    try attempt("write (drop) the session") {
      try database.transaction { try database.run("DELETE FROM sessions WHERE id = ?", [.integer(id)]) }
    }
  }

  /// The first of `name`, `name-2`, `name-3`, … that no session has.
  public func freeName(like name: String) throws(StoreError) -> String {
    try attempt("find a free name") {
      var candidate = name
      var suffix = 2
      while try database.integer("SELECT count(*) FROM sessions WHERE name = ?", [.text(candidate)]) > 0 {
        candidate = "\(name)-\(suffix)"
        suffix += 1
      }
      return candidate
    }
  }
}
