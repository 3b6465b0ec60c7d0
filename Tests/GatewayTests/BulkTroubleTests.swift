import Foundation
import Testing

@testable import PayshCore

/// A bulk run when the gateway is in trouble (a run of 5xx) or refuses the credentials (401s in a row).
@Suite("Bulk runs: 5xx storms and refused credentials")
struct BulkTroubleTests {
  @Test func aRunOf5xxSlowsThePaceAndTheNextRunCountsOnlyItsOwn() async throws {
    let harness = try await GatewayHarness()
    // The first three requests answer 503: the first tries of the first three ids (three at once), whose
    // second tries are answered. On the harness's manual clock a backoff takes no time, so those six answers
    // take 300 ms each: a second try is answered after the last of the first three is (without it, one id's
    // 404 came between the 503s, and its second try took the third 503, under the whole suite's load).
    #expect(
      try await harness.admin("POST", "/_sim/faults", #"{"gateway":"cashfree","kind":"status","times":3}"#) == 201)
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"cashfree","kind":"latency","latency_ms":300,"times":6}"#) == 201)
    let path = try BulkFetchTests.file("ids.txt", (0..<8).map { "order_\($0)" }.joined(separator: "\n"))
    #expect(await harness.run("use cashfree\nfetch --from \(path) --jobs 3") == .ok, "\(harness.output.standardError)")
    var out = harness.output.standardOutput
    #expect(out.contains("8 ids from \(path): 8 done"), "\(out)")
    #expect(out.contains("3 retries; the gateway's 5xx answers slowed paysh down 1 time"), "\(out)")
    let limiter = harness.shell.services.rateLimits.limiter(
      gateway: "cashfree", environment: "local", query: .order("x"),
      clock: harness.shell.services.clock)
    #expect(limiter.storms == 1)
    // No limit was known; the storm set one (at least the floor), then each of the 8 answers raised it by one.
    let limit = try #require(limiter.limit)
    #expect(limit >= RateLimiter.stormFloor + 8 && limit < 200, "slowed, not stopped: \(limit)")
    // The same shell's next run, with no trouble: its summary says nothing of the last one's.
    harness.output.clear()
    #expect(await harness.run("fetch --from \(path) --jobs 1") == .ok)
    out = harness.output.standardOutput
    #expect(out.contains("8 ids from \(path): 8 done") && !out.contains("slowed"), "\(out)")
  }

  @Test func refusedCredentialsStopTheRunAfterFiveInARow() async throws {
    let harness = try await GatewayHarness(environment: [
      "CASHFREE_CLIENT_ID": "wrong_id", "CASHFREE_CLIENT_SECRET": "wrong_secret_value",
    ])
    let path = try BulkFetchTests.file("ids.txt", (0..<40).map { "order_\($0)" }.joined(separator: "\n"))
    let status = await harness.run(
      "use cashfree local --base-url \(harness.simulator.baseURL)/pg\nfetch --from \(path) --jobs 1")
    #expect(status == .runtime)
    let errors = harness.output.standardError
    #expect(
      errors.contains("stopped after 5 of 40 ids to ask: the last 5 were refused (HTTP 401: 401 authentication failed"),
      "\(errors)")
    #expect(errors.contains("`fetch --from \(path) --resume` goes on"), "\(errors)")
    #expect(harness.requestCount("/pg/orders/") <= 6, "at most the one started before the fifth was shown")
    #expect(BulkFetchTests.resultLines(harness.output.standardOutput).count == 5)
    #expect(harness.output.standardOutput.contains("40 ids from \(path): 5 done, 35 not reached"))
    #expect(!harness.output.transcript.contains("wrong_secret_value"))
  }

  @Test func aRefusalBetweenAnswersDoesNotStopTheRun() {
    var run = RefusalRun()
    let refused = BulkRow(id: "a", gateway: "cashfree", error: "HTTP 401: refused", errorKind: "HTTP 401")
    let answered = BulkRow(id: "b", gateway: "cashfree", status: "paid")
    // A 403 may be one order's or one endpoint's access, not the credentials: it starts the count again.
    let forbidden = BulkRow(id: "c", gateway: "cashfree", error: "HTTP 403: forbidden", errorKind: "HTTP 403")
    var went: [Bool] = []
    let rows = Array(repeating: refused, count: 4) + [answered] + Array(repeating: refused, count: 4) + [forbidden]
    for row in rows + Array(repeating: refused, count: 5) {
      went.append(run.goesOn(after: row))
    }
    #expect(went == Array(repeating: true, count: 14) + [false])
    #expect(run.stoppedBy == "HTTP 401: refused")
  }
}
