import NIOCore
import PostgresNIO

/// The team store: the store contract (`SessionStorage`) on PostgreSQL, so a whole support team works one
/// store. Every call goes through `TeamDatabase` (its own event loop, each call bounded by the connect
/// timeout) and is one transaction where it writes; every failure is one `StoreError` line with the URL's
/// password masked.
///
/// Snapshot numbers stay dense and in order within a session however many processes append to it: the next
/// number is taken by `UPDATE sessions SET next_number = next_number + 1 … RETURNING`, which locks the
/// session's row until the snapshot's transaction ends, and a transaction that fails gives its number back.
public final class TeamStore: SessionStorage, @unchecked Sendable {
  public let url: PostgresStoreURL
  let database: TeamDatabase
  /// Who this paysh writes as (`$USER`, or `author` in config.toml): the team store always knows.
  public let writer: String
  public var author: String? { writer }
  public var path: String { url.masked }
  public let readOnly = false
  public var writeRefusal: StoreError { .readOnly(url.masked) }

  /// Opens the store at `database`, migrating it (or refusing a newer schema) on the way.
  public init(database: TeamDatabase, author: String) throws(StoreError) {
    self.url = database.url
    self.database = database
    self.writer = author
    try migrate()
  }

  /// Runs `body` on a connection, in a transaction when `writes`; every failure as one `StoreError`.
  func call<Value: Sendable>(
    _ action: String, writes: Bool = false, items: Int = 0,
    _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) throws(StoreError) -> Value {
    // A copy of many snapshots is one transaction of many statements: it gets the connect timeout for
    // every 50 of them, so the bound still means "the server stopped answering", not "the session is big"
    // (a server gone is found sooner anyway: a probe checks it while a call runs).
    let timeout = items > 50 ? database.timeout * (1 + items / 50) : nil
    do {
      return writes
        ? try database.withTransactionSync(timeout: timeout, body)
        : try database.withConnectionSync(timeout: timeout, body)
    } catch let error as StoreError {
      throw error
    } catch let error as TeamStoreError {
      throw .team(error, action: action)
    } catch {
      throw .team(.server(url, sqlState: "", message: TeamStoreError.brief("\(error)")), action: action)
    }
  }

  func migrate() throws(StoreError) {
    let known = TeamSchema.version
    let url = self.url
    let found: Int = try call("migrate the team store", writes: true) { connection in
      _ = try await connection.rows("SELECT pg_advisory_xact_lock(\(TeamSchema.migrationLock))")
      _ = try await connection.rows(
        "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
      let current =
        try await connection.rows("SELECT coalesce(max(version), 0)::INTEGER FROM schema_migrations").first?
        .decode(Int.self) ?? 0
      guard current < known else { return current }
      for next in (current + 1)...known {
        // One statement a query: the extended protocol takes no more.
        for statement in TeamSchema.statements(of: TeamSchema.migrations[next - 1]) {
          _ = try await connection.rows(PostgresQuery(unsafeSQL: statement))
        }
        _ = try await connection.rows(
          "INSERT INTO schema_migrations(version, applied_at) VALUES (\(next), \(Clock.utcTimestamp()))")
      }
      return known
    }
    if found > known { throw StoreError.newerSchema(url.masked, found: found, known: known) }
  }

  /// Closes the connections (the process is ending, or the store is being switched), without blocking a
  /// thread: callable from any async code, on an event loop or not.
  public func closeAsync() async { await database.close() }
}

extension PostgresConnection {
  /// The rows of `query`, gathered.
  func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
    try await self.query(query, logger: TeamDatabase.quiet).collect()
  }
}

extension PostgresRandomAccessRow {
  func text(_ column: Int) throws -> String { try self[column].decode(String.self) }
  func optionalText(_ column: Int) throws -> String? { try self[column].decode(String?.self) }
  func int(_ column: Int) throws -> Int { try self[column].decode(Int.self) }
  func optionalInt(_ column: Int) throws -> Int? { try self[column].decode(Int?.self) }
  func int64(_ column: Int) throws -> Int64 { try self[column].decode(Int64.self) }
  func bytes(_ column: Int) throws -> [UInt8] { Array(try self[column].decode(ByteBuffer.self).readableBytesView) }
  func optionalBytes(_ column: Int) throws -> [UInt8]? {
    try self[column].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }
  }
  /// A text column's UTF-8, or nil when NULL.
  func optionalTextBytes(_ column: Int) throws -> [UInt8]? { try optionalText(column).map { Array($0.utf8) } }
}
