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
    // Each attempt may take 5 s, four of them 20 s; the fetch's deadline is 2 s for all of them.
    let harness = try await GatewayHarness(environment: ["PAYSH_FETCH_DEADLINE": "2"], timeout: 5)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":10000}"#)
    let started = Clock.now()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(Clock.now() - started < 6_000_000, "ended near the 2 s deadline, not after 4 × 5 s")
    let errors = harness.output.standardError
    #expect(errors.contains("no answer within the fetch's deadline of 2 s (1 attempt)"), "\(errors)")
    #expect(errors.contains("PAYSH_FETCH_DEADLINE"), "the hint says how to allow longer")
    #expect(try harness.shell.services.snapshots.count() == 0)
  }

  @Test func eachRetryIsReportedAsItHappens() async throws {
    // Attempts time out after 1 s; the deadline of 3 s leaves room for a few of them.
    let harness = try await GatewayHarness(environment: ["PAYSH_FETCH_DEADLINE": "3"], timeout: 1)
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":10000}"#)
    let started = Clock.now()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(Clock.now() - started < 7_000_000, "ended near the 3 s deadline")
    let errors = harness.output.standardError
    #expect(errors.contains("retrying in 0.0 s (attempt 2 of 4): no answer within 1 s (timeout)\n"), "\(errors)")
    #expect(errors.contains("(attempt 3 of 4)"), "\(errors)")
    #expect(errors.contains("no answer within the fetch's deadline of 3 s ("), "\(errors)")
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
