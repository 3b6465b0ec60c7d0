import PayshCore
import Testing

/// Every fault the simulator can produce, as paysh meets it: one clear line, retries where they help.
@Suite("Gateway trouble: faults, retries, limits")
struct TroubleTests {
  func fault(_ harness: GatewayHarness, _ json: String) async throws {
    #expect(try await harness.admin("POST", "/_sim/faults", json) < 300)
  }

  @Test func serverErrorsAreRetriedThenSucceed() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"status","status":503,"times":2}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .ok, "\(harness.output.standardError)")
    let snapshot = try #require(try harness.last)
    #expect(snapshot.status == 200)
    #expect(snapshot.retries.count == 2)
    #expect(snapshot.retries[0].hasPrefix("HTTP 503, waited"))
    #expect(harness.output.standardOutput.contains("retried after HTTP 503"))
  }

  @Test func persistentServerErrorIsReportedAfterTheLastAttempt() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"status","status":502}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") == 4, "four attempts in all")
    #expect(harness.output.standardError.contains("502 Cashfree failed on its side"))
    #expect(try harness.last?.retries.count == 3)
  }

  @Test func rateLimitWaitsAsTheGatewayAsks() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"rate_limit","retry_after":1,"times":1}"#)
    let started = Clock.now()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .ok)
    #expect(Clock.now() - started >= 1_000_000, "waited the second the gateway asked for")
    #expect(try harness.last?.retries == ["HTTP 429, waited 1000 ms as the gateway asked"])
  }

  @Test func rateLimitLongerThanTheDeadlineIsReportedNotWaited() async throws {
    let harness = try await GatewayHarness()  // the default deadline: 30 s
    try await fault(harness, #"{"gateway":"paytring","route":"fetch","kind":"rate_limit","retry_after":59}"#)
    #expect(await harness.run("use paytring; fetch 1111111111111111") == .runtime)
    #expect(try harness.last?.status == 429)
    #expect(try harness.last?.retries == [], "a 59 s wait is beyond the 30 s deadline: reported, not waited")
    #expect(harness.requestCount("/api/v2/order/fetch") == 1, "one attempt: no wait, no retry")
    #expect(harness.output.standardError.contains("429"), "\(harness.output.standardError)")
  }

  @Test func connectionResetIsRetriedAndThenReported() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"reset"}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("cashfree local:"))
    #expect(errors.contains("reset") || errors.contains("truncated"), "\(errors)")
    #expect(try harness.shell.services.snapshots.count() == 0, "no answer, nothing stored")
  }

  @Test func truncatedBody() async throws {
    let harness = try await GatewayHarness(policy: .none)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"truncate"}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("truncated"), "\(harness.output.standardError)")
  }

  @Test func invalidJSONIsStoredAsEvidenceAndReported() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"invalid_json"}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("the answer is not valid JSON: invalid JSON at line"))
    let snapshot = try #require(try harness.last)
    #expect(snapshot.status == 200)
    #expect(snapshot.order == nil)
    #expect(!snapshot.body.isEmpty)
  }

  @Test func bodyOverTheSizeLimitIsRefused() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"enkash","route":"order_details","kind":"huge_body"}"#)
    #expect(await harness.run("use enkash; fetch 12345") == .runtime)
    #expect(harness.output.standardError.contains("over the size limit (8 MiB)"), "\(harness.output.standardError)")
  }

  @Test func slowTrickleStillArrivesWhole() async throws {
    let harness = try await GatewayHarness()
    try await fault(
      harness, #"{"gateway":"cashfree","route":"order","kind":"trickle","chunk_bytes":200,"interval_ms":20}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .ok)
    #expect(try harness.last?.order?.status == .paid)
    #expect(try harness.last?.latencyMicroseconds ?? 0 >= 60_000)
  }

  @Test func latencyBeyondTheTimeoutIsATimeout() async throws {
    let harness = try await GatewayHarness(policy: .none, timeout: 1)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":2500}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("no answer within 1 s (timeout)"), "\(harness.output.standardError)")
  }

  @Test func connectionRefused() async throws {
    let harness = try await GatewayHarness(
      environment: ["CASHFREE_CLIENT_ID": "id", "CASHFREE_CLIENT_SECRET": "secret"], policy: .none)
    #expect(await harness.run("use cashfree local --base-url http://127.0.0.1:9/pg; fetch x") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("connection refused by 127.0.0.1:9"), "\(errors)")
    #expect(errors.contains("is the gateway (or the simulator) running on that port?"))
  }

  @Test func aPasswordInABaseURLIsRefused() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree local --base-url http://me:pw123@127.0.0.1:9/pg") == .syntax)
    #expect(harness.output.standardError.contains("the URL carries a user and password"))
    #expect(!harness.output.standardOutput.contains("pw123"))
  }

  @Test func cancellingAFetchStopsItPromptly() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":5000}"#)
    let shell = harness.shell
    let task = Task { await shell.run(SourceFile(name: "t", text: "use cashfree; fetch cf_sim_paid"), mode: .script) }
    try await Task.sleep(nanoseconds: 300_000_000)
    task.cancel()
    // Had the cancel not reached the request, the fetch would finish after the 5 s latency with status ok.
    #expect(await task.value == .runtime)
    #expect(harness.output.standardError.contains("interrupted"))
    #expect(try harness.shell.services.snapshots.count() == 0)
  }
}
