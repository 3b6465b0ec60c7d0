import PayshCore
import Testing

/// One deadline over a fetch's attempts and waits, each attempt's timeout capped by what is left of it,
/// and a line on stderr for each retry as it happens.
@Suite("The fetch deadline and retry lines")
struct FetchDeadlineTests {
  func fault(_ harness: GatewayHarness, _ json: String) async throws {
    #expect(try await harness.admin("POST", "/_sim/faults", json) < 300)
  }

  @Test func aSlowGatewayEndsAtTheFetchDeadline() async throws {
    // Each attempt may take 20 s, four of them 80 s; the fetch's deadline is 2 s for all of them.
    let harness = try await GatewayHarness(environment: ["PAYSH_FETCH_DEADLINE": "2"], timeout: 20)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":60000}"#)
    let started = Clock.now()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    // A generous bound: the whole test suite running beside it can hold up this task for seconds.
    #expect(Clock.now() - started < 30_000_000, "ended near the 2 s deadline, not after 4 × 20 s")
    let errors = harness.output.standardError
    #expect(errors.contains("no answer within the fetch's deadline of 2 s (1 attempt)"), "\(errors)")
    #expect(errors.contains("PAYSH_FETCH_DEADLINE"), "the hint says how to allow longer")
    #expect(try harness.shell.services.snapshots.count() == 0)
  }

  @Test func eachRetryIsReportedAsItHappens() async throws {
    // Attempts time out after 1 s; the default deadline of 30 s leaves room for all four of them.
    let harness = try await GatewayHarness(timeout: 1)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":60000}"#)
    let started = Clock.now()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(Clock.now() - started < 40_000_000, "ended by the 30 s deadline at the latest")
    let errors = harness.output.standardError
    #expect(errors.hasPrefix("retrying in 0.0 s (attempt 2 of 4): no answer within 1 s (timeout)\n"), "\(errors)")
    #expect(errors.contains("error: cashfree local: no answer within "), "\(errors)")
  }

  @Test func aDeadlineThatIsNotANumberIsRefusedBeforeAnyRequest() async throws {
    let harness = try await GatewayHarness(environment: ["PAYSH_FETCH_DEADLINE": "soon"])
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("PAYSH_FETCH_DEADLINE='soon' is not a number of seconds"))
    #expect(harness.requestCount("/pg/orders") == 0)
  }

  @Test func retryLinesComeInTheOrderOfTheLines() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"payments","kind":"status","status":503,"times":1}"#)
    // In a script the first fetch is stored and shown while the second's request is out: before its retry.
    let status = await harness.run("use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid payments --summary")
    #expect(status == .ok, "\(harness.output.standardError)")
    let transcript = harness.output.transcript
    let first = try #require(transcript.range(of: "GET /pg/orders/cf_sim_paid ·"))
    let retry = try #require(transcript.range(of: "(attempt 2 of 4): HTTP 503\n"), "\(transcript)")
    let second = try #require(transcript.range(of: "GET /pg/orders/cf_sim_paid/payments ·"))
    #expect(first.upperBound < retry.lowerBound && retry.upperBound < second.lowerBound, "\(transcript)")
    #expect(harness.output.standardError.hasPrefix("retrying in 0.0 s (attempt 2 of 4): HTTP 503"))
  }
}
