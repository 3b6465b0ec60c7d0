import Foundation
import Testing

@testable import PayshCore

/// The team store's migrations, on a database left at an older version.
@Suite("Team store: the schema's migrations", .enabled(if: TestServer.url != nil))
struct TeamSchemaTests {
  @Test func aStoreAtVersionOneGetsItsOrdersCountedAndCountsOnFromThere() throws {
    let url = try TestServer.freshURL()
    let database = try TestServer.database(url)
    defer { database.closeSync() }
    // The store as paysh left it at version 1: two sessions, one of two orders (and one listed twice over).
    for statement in TeamSchema.statements(of: TeamSchema.migrations[0]) {
      try database.querySync(.init(unsafeSQL: statement))
    }
    for statement in [
      "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
      "INSERT INTO schema_migrations VALUES (1, '2026-12-01T00:00:00.000Z')",
      "INSERT INTO sessions(uid, author, created_at) VALUES ('\(String(repeating: "a", count: 32))', 'asha', 'x')",
      "INSERT INTO sessions(uid, author, created_at) VALUES ('\(String(repeating: "b", count: 32))', 'asha', 'x')",
      """
      INSERT INTO session_orders SELECT id, 'cashfree', o FROM sessions, unnest(ARRAY['o1', 'o2']) AS o
        WHERE uid LIKE 'a%'
      """,
    ] {
      try database.querySync(.init(unsafeSQL: statement))
    }
    let store = try TeamStore(database: try TestServer.database(url), author: "asha")
    #expect(try store.sessions().map(\.orders) == [2, 0])
    let versions = try database.querySync("SELECT max(version) FROM schema_migrations")
    #expect(try versions.first?.decode(Int.self) == TeamSchema.version)
    let second = try #require(try store.sessions().last)
    for order in ["o1", "o1", "o3"] {
      _ = try store.append(StoreFixtures.snapshot(order: order), session: second.id, commands: [])
    }
    #expect(try store.sessions().map(\.orders) == [2, 2], "each order counted once, as it is first listed")
    // A copy lists its orders too (push, pull, import).
    let copied = try store.adopt(try #require(try store.transferable(session: second.id)).renamedUID(), name: nil)
    #expect(try store.session(id: copied)?.orders == 2)
    // And a schema from a newer paysh is refused, not changed.
    try database.querySync("INSERT INTO schema_migrations VALUES (99, 'later')")
    #expect(throws: StoreError.newerSchema(url.masked, found: 99, known: TeamSchema.version)) {
      try TeamStore(database: try TestServer.database(url), author: "asha")
    }
  }
}

extension TransferredSession {
  /// The same session under a new uid, so the store it came from takes it as another.
  fileprivate func renamedUID() -> TransferredSession {
    var copy = self
    copy.uid = String(repeating: "c", count: 32)
    return copy
  }
}
