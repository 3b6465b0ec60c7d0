import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// Rate limits enforced over loopback: the 429 and its headers, the sliding window on the simulator's clock,
/// what counts, the most specific limit, concurrency, and the routes no limit covers.
@Suite struct RateLimitTests {
  static func limit(_ spec: String) throws -> SimRateLimit { try SimRateLimit(spec: spec) }

  /// How many times the admin view says an order was fetched.
  static func fetches(_ sim: SimHarness, _ id: String) async throws -> Int? {
    try await sim.admin(.GET, "/orders/cashfree/\(id)").json()["fetches"]?.intValue
  }

  @Test func theRequestOverTheLimitIs429WithTheHeadersAndNeverReachesTheHandler() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:order=3")]) { sim in
      for remaining in [2, 1, 0] {
        let reply = try await sim.cashfree("/orders/cf_sim_paid")
        #expect(reply.status == 200)
        #expect(reply.header("x-ratelimit-limit") == "3")
        #expect(reply.header("x-ratelimit-remaining") == String(remaining))
        #expect(reply.header("x-ratelimit-retry") == "0")
        #expect(reply.header("x-ratelimit-type") == "app_id")
        #expect(reply.header("Retry-After") == nil)
      }
      let refused = try await sim.cashfree("/orders/cf_sim_paid", extra: [("x-request-id", "req-4")])
      #expect(refused.status == 429)
      #expect(
        try refused.json()
          == .obj([
            "message": "Too many requests from IP. Check headers", "code": "request_failed",
            "type": "rate_limit_error",
          ]))
      #expect(refused.header("x-ratelimit-limit") == "3")
      #expect(refused.header("x-ratelimit-remaining") == "0")
      #expect(refused.header("x-ratelimit-retry") == "60", "the manual clock stands still: all 60 s to wait")
      #expect(refused.header("Retry-After") == "60")
      #expect(refused.header("x-ratelimit-type") == "app_id")
      #expect(refused.header("x-request-id") == "req-4")
      #expect(refused.header("x-api-version") == "2023-08-01")
      #expect(try await Self.fetches(sim, "cf_sim_paid") == 3, "the refused request was not a fetch")
      #expect(try await sim.cashfree("/orders/cf_sim_paid/payments").status == 200, "another route, no limit")
    }
  }

  @Test func aRefusedCreateChangesNothing() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:create_order=1")]) { sim in
      #expect(try await sim.cashfreeCreate(CashfreeTests.createBody(id: "rl_first")).status == 200)
      let refused = try await sim.cashfreeCreate(CashfreeTests.createBody(id: "rl_second"))
      #expect(refused.status == 429)
      #expect(try await sim.admin(.GET, "/orders/cashfree/rl_second").status == 404, "no order was made")
      #expect(try await sim.admin(.GET, "/orders/cashfree/rl_first").status == 200)
    }
  }

  @Test func aRefusedRequestTakesNoFaultButItsLatency() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:order=1")]) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      let fault = JSONValue.obj(["gateway": "cashfree", "kind": "status", "status": 503, "times": 1])
      #expect(try await sim.admin("/faults", fault).status == 201)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429)
      let faults = try await sim.admin(.GET, "/faults").json()["faults"]?.arrayValue ?? []
      #expect(faults.count == 1, "the 503 waits for a request the limit admits")
      sim.clock.advance(by: 60)
      let admitted = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(admitted.status == 503)
      #expect(admitted.header("x-ratelimit-limit") == "1", "a fault's answer carries the limit's headers")
      #expect(admitted.header("x-ratelimit-remaining") == "0")
    }
  }

  @Test func theWindowSlidesOnTheSimulatorsClock() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:order=2")]) { sim in
      let path = "/orders/cf_sim_paid"
      #expect(try await sim.cashfree(path).header("x-ratelimit-remaining") == "1")  // t=0
      sim.clock.advance(by: 30)
      #expect(try await sim.cashfree(path).header("x-ratelimit-remaining") == "0")  // t=30
      let full = try await sim.cashfree(path)
      #expect(full.status == 429)
      #expect(full.header("x-ratelimit-retry") == "30", "the request at t=0 leaves at t=60")
      sim.clock.advance(by: 0.25)
      #expect(try await sim.cashfree(path).header("x-ratelimit-retry") == "30", "29.75 s is rounded up")
      sim.clock.advance(by: 29.25)
      let almost = try await sim.cashfree(path)
      #expect(almost.status == 429)
      #expect(almost.header("x-ratelimit-retry") == "1", "half a second is rounded up to one")
      sim.clock.advance(by: 0.5)  // t=60: the first has left, the one at t=30 is still in
      let again = try await sim.cashfree(path)
      #expect(again.status == 200)
      #expect(again.header("x-ratelimit-remaining") == "0")
      let next = try await sim.cashfree(path)
      #expect(next.status == 429)
      #expect(next.header("x-ratelimit-retry") == "30", "the one at t=30 leaves at t=90")
      sim.clock.advance(by: 30)  // t=90
      #expect(try await sim.cashfree(path).status == 200)
      sim.clock.advance(by: 60)
      #expect(try await sim.cashfree(path).header("x-ratelimit-remaining") == "1", "a whole window later")
    }
  }

  @Test func refusedRequestsDoNotCountSoAClientThatBacksOffRecovers() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:order=1")]) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      sim.clock.advance(by: 50)
      let refused = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(refused.status == 429)
      #expect(refused.header("Retry-After") == "10")
      sim.clock.advance(by: 10)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200, "the 429 at t=50 was not counted")
    }
  }

  @Test func theMostSpecificLimitWins() async throws {
    let limits = try ["5", "cashfree=3", "cashfree:order=1", "*:fetch_receipt=2"].map(Self.limit)
    try await SimHarness.with(rateLimits: limits) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").header("x-ratelimit-limit") == "1")
      #expect(try await sim.cashfree("/orders/cf_sim_paid/payments").header("x-ratelimit-limit") == "3")
      let key = SimHarness.credentials.paytring.key
      let basic = (key, SimHarness.credentials.paytring.secret)
      let body = JSONValue.obj(["key": .string(key), "id": "771606428862383005", "hash": "none"])
      let fetch = try await sim.paytring("/api/v2/order/fetch", body, basic: basic)
      #expect(fetch.header("X-RateLimit-Limit") == "5")
      let receipt = try await sim.paytring("/api/v2/order/fetch/receipt", body, basic: basic)
      #expect(receipt.header("X-RateLimit-Limit") == "2")
      #expect(try await sim.enkashToken().header("X-RateLimit-Limit") == "5")
    }
  }

  @Test func eachRouteAndClientHasItsOwnWindow() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree=1")]) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429)
      #expect(try await sim.cashfree("/orders/cf_sim_paid/payments").status == 200, "its own window")
      let other = try await sim.send(
        .GET, "/pg/orders/cf_sim_paid", headers: [("x-client-id", "SOMEONE_ELSE"), ("x-api-version", "2023-08-01")])
      #expect(other.status == 401, "another client's window admits it, then its credentials are wrong")
      #expect(other.header("x-ratelimit-remaining") == "0")
      #expect(other.header("x-ratelimit-retry") == "0")
    }
  }

  @Test func fiftyAtOnceAgainstTwentyAdmitExactlyTwenty() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:order=20")]) { sim in
      let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<50 { group.addTask { try await sim.cashfree("/orders/cf_sim_active").status } }
        return try await group.reduce(into: [Int]()) { $0.append($1) }
      }
      #expect(statuses.filter { $0 == 200 }.count == 20)
      #expect(statuses.filter { $0 == 429 }.count == 30)
      #expect(try await Self.fetches(sim, "cf_sim_active") == 20)
    }
  }

  @Test func routesWithoutALimitAnnounceNone() async throws {
    try await SimHarness.with(rateLimits: [try Self.limit("cashfree:payments=5"), try Self.limit("enkash=2")]) {
      sim in
      let first = try await sim.cashfree("/orders/cf_sim_paid")
      // A limit announced but not kept would pace a client for nothing.
      #expect(first.header("x-ratelimit-limit") == nil)
      #expect(first.header("x-ratelimit-remaining") == nil)
      #expect(first.header("x-ratelimit-retry") == "0")
      #expect(first.header("Retry-After") == nil)
      let payments = try await sim.cashfree("/orders/cf_sim_paid/payments")
      #expect(payments.header("x-ratelimit-limit") == "5")
      let key = SimHarness.credentials.paytring.key
      let body = JSONValue.obj(["key": .string(key), "id": "771606428862383005", "hash": "none"])
      let paytring = try await sim.paytring(
        "/api/v2/order/fetch", body, basic: (key, SimHarness.credentials.paytring.secret))
      #expect(paytring.status == 200)
      #expect(paytring.header("X-RateLimit-Limit") == nil && paytring.header("X-RateLimit-Remaining") == nil)
    }
  }

  @Test func paytringAndEnKashAnswerInTheirShapeWithTheCommonHeaders() async throws {
    let limits = try ["paytring:fetch=1", "enkash:token=1"].map(Self.limit)
    try await SimHarness.with(rateLimits: limits) { sim in
      let key = SimHarness.credentials.paytring.key
      let basic = (key, SimHarness.credentials.paytring.secret)
      let body = JSONValue.obj(["key": .string(key), "id": "771606428862383005", "hash": "none"])
      let first = try await sim.paytring("/api/v2/order/fetch", body, basic: basic)
      #expect(first.status == 200)
      #expect(first.header("X-RateLimit-Limit") == "1" && first.header("X-RateLimit-Remaining") == "0")
      #expect(first.header("Retry-After") == nil)
      let refused = try await sim.paytring("/api/v2/order/fetch", body, basic: basic)
      #expect(refused.status == 429)
      #expect(
        try refused.json() == .obj(["status": false, "error": .obj(["message": "Too Many Attempts.", "code": 429])]))
      #expect(refused.header("X-RateLimit-Limit") == "1" && refused.header("X-RateLimit-Remaining") == "0")
      #expect(refused.header("Retry-After") == "60")
      #expect(refused.header("x-ratelimit-retry") == nil, "Cashfree's header is Cashfree's")
      let vector = SimulatorCredentials.paytringSDKVectorMerchant
      let otherBody = JSONValue.obj(["key": .string(vector.key), "id": "771606428862383005", "hash": "none"])
      let other = try await sim.paytring("/api/v2/order/fetch", otherBody, basic: (vector.key, vector.secret))
      #expect(other.header("X-RateLimit-Remaining") == "0" && other.status != 429, "another merchant's window")

      #expect(try await sim.enkashToken().status == 200)
      let token = try await sim.enkashToken()
      #expect(token.status == 429)
      #expect(
        try token.json() == .obj(["paylod": .null, "response_message": "Too many requests", "response_code": 1]))
      #expect(token.header("X-RateLimit-Limit") == "1" && token.header("Retry-After") == "60")
    }
  }

  @Test func aFasterClockEmptiesTheWindowSooner() async throws {
    let clock = SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 1000)
    try await SimHarness.with(clock: clock, rateLimits: [try Self.limit("cashfree:order=1")]) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      try await Task.sleep(for: .milliseconds(100))  // at least 100 s on the clock
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
    }
  }
}
