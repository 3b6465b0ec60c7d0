import Foundation
import Testing

@testable import PayshCore

/// EnKash's token expiring in the middle of `fetch --from`: renewed once for the whole run (the requests
/// refused with it sent again), or, when the login fails, the refusals kept as the answers with one line
/// saying why; never one login per id (three failed logins lock the EnKash user).
@Suite("Bulk runs renew EnKash's token once when it expires mid-run")
struct BulkTokenTests {
  /// Twelve EnKash ids (three the simulator knows), and a shell holding a token the simulator has let
  /// lapse: its clock moved past the token's life, paysh's is not, so the run's first requests are refused.
  static func lapsed() async throws -> (GatewayHarness, String) {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; fetch 12345") == .ok)
    #expect(harness.requestCount("/oauth/token") == 1)
    try await harness.admin("POST", "/_sim/clock/advance", #"{"seconds": 90000}"#)
    let ids = ["12345", "OR631764TS4UC", "ORSIMPENDING1"] + (1...9).map { "ORUNKNOWN\($0)" }
    return (harness, try BulkFetchTests.file("enkash.txt", ids.joined(separator: "\n") + "\n"))
  }

  @Test func aTokenThatLapsesIsRenewedOnceAndTheRefusedRequestsAskedAgain() async throws {
    let (harness, path) = try await Self.lapsed()
    let old = try #require(harness.shell.services.tokens["enkash@local"]?.value)
    #expect(await harness.run("fetch --from \(path) --jobs 4") == .ok, "\(harness.output.standardError)")
    #expect(harness.requestCount("/oauth/token") == 2, "one login for the run, not one an id")
    #expect(harness.requestCount("orderDetails 401") >= 1, "the run met the lapsed token")
    let lines = BulkFetchTests.resultLines(harness.output.standardOutput)
    #expect(lines.count == 12)
    #expect(!lines.contains { $0.contains("401") }, "\(lines)")
    #expect(lines.first?.contains("paid") == true, "\(lines)")
    let new = try #require(harness.shell.services.tokens["enkash@local"]?.value)
    #expect(new != old, "the shell holds the new token")
    #expect(await harness.run("fetch 12345") == .ok)
    #expect(harness.requestCount("/oauth/token") == 2, "and uses it")
    let transcript = harness.output.transcript
    #expect(!transcript.contains(new) && !transcript.contains(old))
    for number in 1...(try harness.shell.services.snapshots.count()) {
      let stored = try #require(try harness.snapshot(number))
      let text = stored.requestHeaders.map(\.value).joined() + String(decoding: stored.body, as: UTF8.self)
      #expect(!text.contains(new) && !text.contains(old), "@\(number) holds no token")
    }
  }

  @Test func aRenewalThatFailsIsTriedOnceAndSaidOnce() async throws {
    let (harness, path) = try await Self.lapsed()
    #expect(
      try await harness.admin("POST", "/_sim/faults", #"{"gateway":"enkash","route":"token","kind":"status"}"#)
        == 201)
    _ = await harness.run("fetch --from \(path) --jobs 4")
    #expect(harness.requestCount("/oauth/token") == 2, "one failed login, not one an id")
    let errors = harness.output.standardError
    let said = errors.components(separatedBy: "EnKash's token expired during the run").count - 1
    #expect(said == 1, "\(errors)")
    #expect(errors.contains("the login was answered HTTP 503"), "\(errors)")
    // The 401s stand as answers; five in a row stop the run (the rest would be refused the same).
    #expect(BulkFetchTests.resultLines(harness.output.standardOutput).count == 5)
    #expect(harness.output.standardOutput.contains("HTTP 401"), "\(harness.output.standardOutput)")
    #expect(errors.contains("stopped after 5 of 12 ids to ask: the last 5 were refused (HTTP 401"), "\(errors)")
    #expect(errors.contains("EnKash's token expired and a new one could not be got (said above)"), "\(errors)")
  }

  /// The run's token holder as `fetch --from` makes it, over the lapsed token the shell holds, and the call
  /// its login is made with (the shell's credentials, the local simulator's EnKash).
  static func holder(_ harness: GatewayHarness) async throws -> (BulkToken, GatewayCall, String) {
    let root = try await #require(harness.shell.services.localSimulator).root()
    let credentials = try #require(harness.shell.services.credentials["enkash@local"])
    let old = try #require(harness.shell.services.tokens["enkash@local"]?.value)
    let adapter = EnKashAdapter()
    let call = GatewayCall(
      baseURL: adapter.localBaseURL(root: root), environment: "local", apiVersion: "", credentials: credentials,
      token: old, requestID: "bulk-token-test")
    let holder = BulkToken(
      adapter: adapter, transport: harness.shell.services.transport, token: old, deadlineSeconds: 120)
    return (holder, call, old)
  }

  @Test func aRenewedTokenRefusedAgainStandsWithoutASecondLogin() async throws {
    let (harness, _) = try await Self.lapsed()
    let (holder, call, old) = try await Self.holder(harness)
    let new = try #require(await holder.renewed(after: old, call: call))
    #expect(new != old)
    #expect(harness.requestCount("/oauth/token") == 2)
    #expect(await holder.renewed(after: new, call: call) == nil, "a 401 with the renewed token stands")
    #expect(await holder.renewed(after: old, call: call) == new, "one refused with the old one is sent with the new")
    #expect(harness.requestCount("/oauth/token") == 2, "one login a run")
  }

  @Test func ctrlCEndsTheWaitForTheLogin() async throws {
    let (harness, _) = try await Self.lapsed()
    // The login would be answered after 20 s: a wait that Ctrl-C does not end gets the new token then.
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"enkash","route":"token","kind":"latency","latency_ms":20000}"#) == 201)
    let (holder, call, old) = try await Self.holder(harness)
    let waiting = Task { await holder.renewed(after: old, call: call) }
    try await Task.sleep(for: .milliseconds(200))  // the login on its way (or not yet: ended either way)
    waiting.cancel()
    #expect(await waiting.value == nil, "the wait ended with no token")
    let news = await holder.news()
    #expect(news.renewed == nil && news.refusal == nil, "a login ended by Ctrl-C is no refusal to keep")
  }
}
