import Foundation
import Testing

@testable import PayshCore

#if canImport(Glibc)
import Glibc
#endif

/// The server stopped and started under a live `TeamDatabase`. It stops a cluster of its own (made with
/// scripts/team-db in a scratch folder on a free port, removed at the end), so the shared test cluster stays up
/// for the other suites running meanwhile.
@Suite("Team store: the server stopped and started again", .enabled(if: TeamTestServer.available))
struct TeamRestartTests {
  let script = TeamTestServer.repository + "/scripts/team-db"

  @Test func theNextCallSucceedsAfterARestart() async throws {
    let folder = try TeamScratch.folder()
    let cluster = [
      "PAYSH_TEAM_DB_DIR": folder, "PAYSH_TEAM_DB_PORT": "auto", "PAYSH_TEAM_DB_THROWAWAY": "1",
    ]
    func teamDB(_ arguments: String...) async throws -> (output: String, status: Int32) {
      try await TeamTestServer.run("/bin/bash", [script] + arguments, environment: cluster)
    }
    try #require(try await teamDB("start").status == 0)
    do {
      try await stopAndStart(teamDB)
    } catch {
      Issue.record(error)
    }
    _ = try? await teamDB("stop", "--wipe")
    try? FileManager.default.removeItem(atPath: folder)
  }

  func stopAndStart(_ teamDB: (String...) async throws -> (output: String, status: Int32)) async throws {
    let url = try PostgresStoreURL(parsing: try await teamDB("url").output, origin: "team-db url")
    let password = TeamSecret(try await teamDB("password").output)
    let database = try TeamDatabase(url: url, password: password, timeout: .seconds(5))
    #expect(try await database.query("SELECT 1").count == 1)

    // Stopped (pg_ctl -m fast): the next call says so at once, in one line. Timed through the synchronous
    // bridge, whose wake-up does not wait for the test run's busy cooperative pool.
    try #require(try await teamDB("stop", "--keep").status == 0)
    let start = ContinuousClock.now
    let refused = TeamStoreError.unreachable(url, reason: TeamStoreError.reason(errno: ECONNREFUSED, url: url))
    #expect(throws: refused) { try database.querySync("SELECT 1") }
    #expect(TeamTestServer.seconds(since: start) < 5 + 3)
    #expect("\(refused)".hasPrefix("cannot reach the team store \(url.masked): connection refused"))
    // Still stopped: the client was retired, so the next call's probe says it at once.
    let again = ContinuousClock.now
    #expect(throws: refused) { try database.querySync("SELECT 1") }
    #expect(TeamTestServer.seconds(since: again) < 3)

    // Started again: the next call succeeds, no new TeamDatabase needed.
    try #require(try await teamDB("start").status == 0)
    #expect(try await database.query("SELECT 2").count == 1)

    // Restarted between two calls, with the pool's connection open: the next call succeeds too.
    try #require(try await teamDB("restart").status == 0)
    #expect(try await database.query("SELECT 3").count == 1, "the call right after a restart succeeds")
    await database.close()
  }
}
