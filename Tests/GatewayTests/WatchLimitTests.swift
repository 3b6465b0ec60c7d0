import PayshCore
import PayshSimulator
import Testing

/// `watch` cannot hammer a gateway: a floor on `--every`, and a wait for the window when the gateway
/// says no requests remain in it. A manual clock that moves the simulator's clock along: no real waiting.
@Suite("watch within the gateway's limits")
struct WatchLimitTests {
  func clock(_ harness: GatewayHarness) -> ManualClock {
    ManualClock(onSleep: { microseconds in
      _ = try? await harness.admin("POST", "/_sim/clock/advance", "{\"seconds\": \(microseconds / 1_000_000)}")
    })
  }

  @Test func anIntervalUnderASecondIsRefusedBeforeAnythingRuns() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nwatch cf_sim_paid --every 1ms") == .syntax)
    let errors = harness.output.standardError
    #expect(errors.contains("--every 1ms is shorter than 1s, the shortest interval watch allows"), "\(errors)")
    #expect(harness.requestCount("/pg/orders") == 0)
    #expect(await harness.run("use cashfree\nwatch cf_sim_paid --every 999ms") == .syntax)
    harness.output.clear()
    // Through a variable, found when the line runs: refused the same way, still before any request.
    #expect(await harness.run("use cashfree\nset every = 10ms\nwatch cf_sim_paid --every $every") == .runtime)
    #expect(harness.output.standardError.contains("--every 10ms is shorter than 1s"))
    #expect(harness.requestCount("/pg/orders") == 0)
  }

  @Test func noRequestsLeftInTheWindowWaitsForTheWindow() async throws {
    // Two requests a minute, kept by the simulator: after the second it says remaining 0.
    let harness = try await GatewayHarness(configure: {
      $0.rateLimits = [try! SimRateLimit(gateway: "cashfree", route: "order", perMinute: 2)]
    })
    let clock = clock(harness)
    harness.shell.services.clock = clock
    #expect(await harness.run("use cashfree\nwatch cf_sim_paid --every 1s --max 3m") == .ok)
    #expect(
      // (Other waits are the rate limiter's margin past the window's end: a request's round trip, longer on
      // a loaded machine.)
      Array(clock.sleeps.filter { $0 == 1_000_000 || $0 == 60_000_000 }.prefix(4))
        == [1_000_000, 60_000_000, 1_000_000, 60_000_000],
      "each window's last request is followed by a wait for the next window: \(clock.sleeps)")
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") <= 7, "two a minute over three minutes, and the first")
    let out = harness.output.standardOutput
    #expect(out.contains("no requests left in the gateway's rate-limit window: waiting 1m"), "\(out)")
  }
}
