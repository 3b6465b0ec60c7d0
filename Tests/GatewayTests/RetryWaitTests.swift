import PayshCore
import PayshSimulator
import Testing

/// How a read is retried against the simulator: backoff on 5xx whatever the rate-limit headers say, the
/// gateway's wait as a floor on a 429.
@Suite("Retry waits against the simulator")
struct RetryWaitTests {
  func fault(_ harness: GatewayHarness, _ json: String) async throws {
    #expect(try await harness.admin("POST", "/_sim/faults", json) < 300)
  }

  /// Cashfree's Get Order on the harness's simulator, with the simulator's credentials.
  func orderRequest(_ harness: GatewayHarness, _ id: String = "cf_sim_paid") -> OutgoingRequest {
    let local = Simulator.credentials.cashfree
    return OutgoingRequest(
      method: "GET", url: harness.simulator.baseURL + "/pg/orders/\(id)",
      headers: [
        HTTPHeader("x-client-id", local.clientID), HTTPHeader("x-client-secret", local.clientSecret),
        HTTPHeader("x-api-version", "2025-01-01"),
      ])
  }

  @Test func serverErrorsBackOffThoughTheGatewaySaysRetryZero() async throws {
    let harness = try await GatewayHarness()
    // The simulator's Cashfree sends `x-ratelimit-retry: 0` on every answer, its 503s included.
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"status","status":503,"times":3}"#)
    let policy = RetryPolicy(baseDelayMilliseconds: 40)
    let exchange = try await HTTPTransport(policy: policy).send(orderRequest(harness))
    #expect(exchange.response.status == 200)
    #expect(exchange.retries.map(\.status) == [503, 503, 503])
    #expect(exchange.retries.allSatisfy { !$0.askedByGateway }, "a 5xx is backed off, never waited as asked")
    let waits = exchange.retries.map(\.waitedMilliseconds)
    for (index, wait) in waits.enumerated() {
      let ceiling = 40 << index
      #expect((ceiling / 2...ceiling).contains(wait), "retry \(index + 1) waited \(wait) ms: \(waits)")
    }
  }

  @Test func aRateLimitWaitsAtLeastTheBackoff() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"rate_limit","retry_after":1,"times":1}"#)
    // The backoff's first step (1.5–3 s) is longer than the 1 s the gateway asks for: the backoff wins.
    let policy = RetryPolicy(baseDelayMilliseconds: 3_000)
    let exchange = try await HTTPTransport(policy: policy).send(orderRequest(harness))
    #expect(exchange.response.status == 200)
    let retry = try #require(exchange.retries.first)
    #expect(retry.status == 429)
    #expect(retry.waitedMilliseconds >= 1_500, "\(retry)")
    #expect(!retry.askedByGateway)
  }
}
