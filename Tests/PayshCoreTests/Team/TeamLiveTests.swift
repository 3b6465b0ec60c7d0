import PostgresNIO
import Testing

@testable import PayshCore

@Suite("Team store against the test PostgreSQL", .enabled(if: TeamTestServer.available), .serialized)
struct TeamLiveTests {
  @Test func connectsAndSelectsOne() async throws {
    let database = try TeamTestServer.database()
    let rows = try await database.query("SELECT 1 AS one")
    #expect(try rows.first?.decode(Int.self) == 1)
    #expect(try await database.serverVersion() >= TeamServerVersion.oldestSupported)
    await database.close()
  }

  @Test func theSynchronousBridge() throws {
    let database = try TeamTestServer.database()
    defer { database.closeSync() }
    let rows = try database.querySync("SELECT 'ok'::text")
    #expect(try rows.first?.decode(String.self) == "ok")
  }

  /// Sixteen tasks on the cooperative pool (2 threads) all block in the synchronous bridge at once: the work
  /// runs on the database's own loop, so every one comes back.
  @Test func blockingCallersNeverStarveTheWork() async throws {
    let database = try TeamTestServer.database()
    defer { database.closeSync() }
    let start = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
      for index in 1...16 {
        group.addTask {
          let rows = try database.querySync("SELECT \(index)::int8 FROM pg_sleep(0.05)")
          return try rows.first?.decode(Int.self) ?? 0
        }
      }
      return try await group.reduce(0, +)
    }
    #expect(total == (1...16).reduce(0, +))
    #expect(TeamTestServer.seconds(since: start) < 30, "no call waited on another: no deadlock")
  }

  @Test func aTransactionCommitsOrRollsBack() async throws {
    let database = try TeamTestServer.database()
    defer { database.closeSync() }
    let table = "team_live_\(UInt32.random(in: 0...UInt32.max))"
    _ = try await database.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(table) (n int)"))
    struct Boom: Error {}
    await #expect(throws: Boom.self) {
      try await database.withTransaction { connection in
        try await connection.query(
          PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1)"), logger: TeamDatabase.quiet)
        throw Boom()
      }
    }
    try database.withTransactionSync { connection in
      try await connection.query(
        PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (2)"), logger: TeamDatabase.quiet)
    }
    let rows = try await database.query(PostgresQuery(unsafeSQL: "SELECT coalesce(sum(n), 0)::int8 FROM \(table)"))
    #expect(try rows.first?.decode(Int.self) == 2, "the failed transaction left nothing")
    _ = try await database.query(PostgresQuery(unsafeSQL: "DROP TABLE \(table)"))
  }

  @Test func aWrongPasswordIsOneLineWithoutThePassword() async throws {
    let wrong = "not-the-Passw0rd-\(UInt32.random(in: 0...UInt32.max))"
    let database = try TeamTestServer.database(password: TeamSecret(wrong))
    defer { database.closeSync() }
    let url = try TeamTestServer.url()
    do {
      _ = try await database.query("SELECT 1")
      Issue.record("a wrong password was accepted")
    } catch let error as TeamStoreError {
      #expect(error == .wrongPassword(url, source: "PAYSH_TEST_PG_PASSWORD"))
      #expect(error.sqlState == "28P01")
      let line = "\(error)"
      #expect(
        line.hasPrefix("the team store \(url.masked) refused the password of paysh (from PAYSH_TEST_PG_PASSWORD)"))
      #expect(!line.contains(wrong) && !line.contains("\n"))
    }
  }

  @Test func noPasswordWhereOneIsNeeded() throws {
    let database = try TeamTestServer.database(password: nil)
    defer { database.closeSync() }
    #expect(throws: TeamStoreError.passwordNeeded(try TeamTestServer.url())) { try database.querySync("SELECT 1") }
  }

  @Test func aMissingDatabase() throws {
    let url = try TeamTestServer.url().with(database: "no_such_store")
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    #expect(throws: TeamStoreError.noDatabase(url)) { try database.querySync("SELECT 1") }
    #expect("\(TeamStoreError.noDatabase(url))".contains("has no database no_such_store"))
  }

  /// With scram-sha-256, PostgreSQL answers an unknown role as a wrong password (it does not say which
  /// roles exist): one line all the same.
  @Test func aMissingRole() throws {
    let url = try TeamTestServer.url().with(user: "nobody_here")
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    #expect(throws: TeamStoreError.wrongPassword(url, source: "PAYSH_TEST_PG_PASSWORD")) {
      try database.querySync("SELECT 1")
    }
  }

  @Test func anErrorOfTheCallersOwnPassesThrough() throws {
    let database = try TeamTestServer.database()
    defer { database.closeSync() }
    struct Mine: Error, Equatable {}
    #expect(throws: Mine()) { try database.withConnectionSync { _ in throw Mine() } }
    #expect(throws: TeamStoreError.self) { try database.querySync("SELEC 1") }
    #expect(try database.querySync("SELECT 1").count == 1, "still usable after both")
  }

  /// A synchronous call made on the database's own loop (inside a call's body) would wait forever for that
  /// loop: it is refused.
  @Test func aSynchronousCallFromItsOwnLoopIsRefused() async throws {
    let database = try TeamTestServer.database()
    let url = try TeamTestServer.url()
    let refused = try await database.withConnection { _ in
      do {
        _ = try database.querySync("SELECT 1")
        return false
      } catch {
        return error as? TeamStoreError == .wrongThread(url)
      }
    }
    #expect(refused)
    await database.close()
  }

  @Test func aClosedDatabaseRefusesCalls() async throws {
    let database = try TeamTestServer.database()
    _ = try await database.query("SELECT 1")
    await database.close()
    await #expect(throws: TeamStoreError.closed(try TeamTestServer.url())) { try await database.query("SELECT 1") }
  }

  /// A query that would take a minute, under a two-minute timeout: cancelling its caller ends it long before
  /// either (the bound is loose: an async caller's wake-up waits for the test run's busy cooperative pool).
  @Test func cancellingTheCallerEndsTheCall() async throws {
    let database = try TeamTestServer.database(timeout: .seconds(120))
    defer { database.closeSync() }
    let start = ContinuousClock.now
    let task = Task { try await database.query("SELECT pg_sleep(60)") }
    try await Task.sleep(for: .milliseconds(300))
    task.cancel()
    await #expect(throws: CancellationError.self) { try await task.value }
    #expect(TeamTestServer.seconds(since: start) < 30)
  }
}
