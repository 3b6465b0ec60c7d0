import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// Rate limits as they are given: `--rate-limit` specs, the admin API and its errors, and `/_sim/reset`.
@Suite struct RateLimitAdminTests {
  @Test(arguments: [
    ("60", "*", "*", 60), ("cashfree=400", "cashfree", "*", 400), ("cashfree:order=60", "cashfree", "order", 60),
    (" Paytring:fetch = 7 ", "paytring", "fetch", 7), ("*:create_order=5", "*", "create_order", 5),
    ("enkash:token=100000", "enkash", "token", 100_000), ("*=1", "*", "*", 1),
  ])
  func specsAreRead(spec: String, gateway: String, route: String, perMinute: Int) throws {
    let limit = try SimRateLimit(spec: spec)
    #expect(limit.gateway == gateway && limit.route == route && limit.perMinute == perMinute)
    #expect(try SimRateLimit(spec: limit.spec) == limit, "spec \(limit.spec) reads back")
  }

  @Test(arguments: [
    ("", "the rate limit is empty"),
    ("0", "per minute must be a whole number from 1 to 100000 (got 0)"),
    ("100001", "(got 100001)"), ("sixty", "(got sixty)"), ("1.5", "(got 1.5)"), ("cashfree=", "(got nothing)"),
    ("stripe=5", "gateway must be cashfree, paytring, enkash or * (got stripe)"),
    ("cashfree:fetch=5", "route must be * or one of cashfree's routes: order, payments"),
    ("cashfree:=5", "names no route after ':'"), ("=5", "is not GATEWAY or GATEWAY:ROUTE"),
    ("a:b:c=5", "is not GATEWAY or GATEWAY:ROUTE"), ("cashfree=5=6", "more than one '='"),
  ])
  func badSpecsSayWhatIsWrongAndTheForms(spec: String, message: String) throws {
    do {
      _ = try SimRateLimit(spec: spec)
      Issue.record("'\(spec)' was accepted")
    } catch let error as SimulatorError {
      #expect(error.description.contains(message), "\(error)")
      #expect(error.description.contains("N (every gateway and route), GATEWAY=N or GATEWAY:ROUTE=N"), "\(error)")
    }
  }

  @Test func theAdminAPIAddsListsReplacesAndRemoves() async throws {
    try await SimHarness.with(rateLimits: [try SimRateLimit(spec: "enkash=9")]) { sim in
      let added = try await sim.admin(
        "/rate-limits", .obj(["gateway": "cashfree", "route": "order", "per_minute": 60]))
      #expect(added.status == 201)
      #expect(
        try added.json()
          == .obj(["id": 2, "gateway": "cashfree", "route": "order", "per_minute": 60, "source": "admin"]))
      _ = try await sim.cashfree("/orders/cf_sim_paid")
      _ = try await sim.cashfree("/orders/cf_sim_active")
      let listed = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?.arrayValue ?? []
      #expect(listed.count == 2)
      #expect(
        listed.first
          == .obj([
            "id": 1, "gateway": "enkash", "route": "*", "per_minute": 9, "source": "start", "admitted": 0,
            "refused": 0, "first_admitted": .null, "last_admitted": .null, "windows": .array([]),
          ]))
      #expect(
        listed.last?["windows"]
          == .array([
            .obj([
              "gateway": "cashfree", "route": "order", "client": .string(SimHarness.credentials.cashfree.clientID),
              "count": 2,
            ])
          ]))
      let replaced = try await sim.admin(
        "/rate-limits", .obj(["gateway": "cashfree", "route": "order", "per_minute": 2]))
      #expect(try replaced.json()["id"] == 3)
      let after = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?.arrayValue ?? []
      #expect(after.map { $0["id"] } == [1, 3], "the limit for cashfree order was replaced")
      #expect(after.last?["windows"]?[0]?["count"] == 2, "its window is kept")
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429)

      let removed = try await sim.admin(.DELETE, "/rate-limits/3")
      #expect(removed.status == 200)
      #expect(try removed.json()["rate_limits"]?.arrayValue?.map { $0["id"] } == [1])
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      #expect(try await sim.admin(.DELETE, "/rate-limits/3").status == 404)
      #expect(try await sim.admin(.DELETE, "/rate-limits/nope").status == 404)
      let cleared = try await sim.admin(.DELETE, "/rate-limits")
      #expect(try cleared.json() == .obj(["rate_limits": .array([])]))
      #expect(try await sim.enkashToken().header("X-RateLimit-Limit") == nil)
    }
  }

  @Test func resetKeepsTheStartLimitsDropsTheAddedOnesAndEmptiesTheWindows() async throws {
    try await SimHarness.with(rateLimits: [try SimRateLimit(spec: "cashfree:order=1")]) { sim in
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429)
      #expect(try await sim.admin("/rate-limits", .obj(["gateway": "paytring", "per_minute": 5])).status == 201)
      #expect(try await sim.admin(.DELETE, "/rate-limits/1").status == 200)
      #expect(try await sim.admin("/reset").status == 200)
      let listed = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?.arrayValue ?? []
      #expect(
        listed == [
          .obj([
            "id": 1, "gateway": "cashfree", "route": "order", "per_minute": 1, "source": "start", "admitted": 0,
            "refused": 0, "first_admitted": .null, "last_admitted": .null, "windows": .array([]),
          ])
        ])
      #expect(sim.simulator.rateLimits.map(\.spec) == ["cashfree:order=1"])
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200, "the window was emptied")
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429, "the start limit is back")
    }
  }

  @Test(arguments: [
    (
      JSONValue.obj(["gateway": "stripe", "per_minute": 5]),
      "gateway must be cashfree, paytring, enkash or * (got stripe)"
    ),
    (.obj(["gateway": "paytring", "route": "order", "per_minute": 5]), "route must be * or one of paytring's routes"),
    (.obj(["gateway": "cashfree", "per_minute": 0]), "from 1 to 100000 (got 0)"),
    (.obj(["per_minute": 100_001]), "(got 100001)"), (.obj(["per_minute": "60"]), "(got \"60\")"),
    (.obj(["per_minute": .number(text: "1.5")]), "(got 1.5)"),
    (.obj(["gateway": "cashfree"]), "per_minute is required"),
    (.obj(["route": 5, "per_minute": 5]), "route must be a string"),
    (.obj(["perMinute": 5]), "no field 'perMinute'; the fields are gateway, route and per_minute"),
    (.array([]), "body must be {\"gateway\""),
  ])
  func badLimitsAre400WithAClearMessage(body: JSONValue, message: String) async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.admin("/rate-limits", body)
      #expect(reply.status == 400)
      #expect(try reply.json()["error"]?.textValue?.contains(message) == true, "\(reply.text)")
      #expect(try await sim.admin(.GET, "/rate-limits").json() == .obj(["rate_limits": .array([])]))
    }
  }

  @Test func eachLimitSaysWhatItAdmittedAndRefusedAndWhen() async throws {
    try await SimHarness.with(rateLimits: [try SimRateLimit(spec: "cashfree:order=2")]) { sim in
      // The manual clock starts at 2025-01-01T08:30:00+05:30.
      sim.clock.advance(by: 0.412)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      sim.clock.advance(by: 30)
      #expect(try await sim.cashfree("/orders/cf_sim_active").status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 429)
      sim.clock.advance(by: 45)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200, "the first left the window")
      _ = try await sim.cashfree("/orders/cf_sim_paid/payments")
      let limit = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?[0]
      #expect(limit?["admitted"] == 3, "the payments request is not the order route's")
      #expect(limit?["refused"] == 1)
      #expect(limit?["first_admitted"] == "2025-01-01T08:30:00.412+05:30")
      #expect(limit?["last_admitted"] == "2025-01-01T08:31:15.412+05:30")
      // The clock moved back: the earliest and the latest stay the earliest and the latest.
      sim.clock.advance(by: -60)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      let back = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?[0]
      #expect(back?["first_admitted"] == "2025-01-01T08:30:00.412+05:30")
      #expect(back?["last_admitted"] == "2025-01-01T08:31:15.412+05:30")
      #expect(try await sim.admin("/reset").status == 200)
      let reset = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?[0]
      #expect(reset?["id"] == 1)
      #expect(reset?["admitted"] == 0 && reset?["refused"] == 0, "a reset starts the start limit's counts again")
      #expect(reset?["first_admitted"] == .null)
      _ = try await sim.cashfree("/orders/cf_sim_paid")
      _ = try await sim.admin("/rate-limits", .obj(["gateway": "cashfree", "route": "order", "per_minute": 5]))
      _ = try await sim.cashfree("/orders/cf_sim_paid")
      let replaced = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?[0]
      #expect(replaced?["id"] == 2)
      #expect(replaced?["admitted"] == 1, "a limit that replaces another counts from when it is set")
    }
  }

  @Test func timesBeforeTheEpochAndOnTheSecondAreWrittenWhole() async throws {
    let clock = SimulatorClock.manual(start: Date(timeIntervalSince1970: -0.001))
    try await SimHarness.with(clock: clock, rateLimits: [try SimRateLimit(spec: "cashfree:order=5")]) { sim in
      _ = try await sim.cashfree("/orders/cf_sim_paid")
      sim.clock.advance(by: 0.001)
      _ = try await sim.cashfree("/orders/cf_sim_paid")
      let limit = try await sim.admin(.GET, "/rate-limits").json()["rate_limits"]?[0]
      #expect(limit?["first_admitted"] == "1970-01-01T05:29:59.999+05:30")
      #expect(limit?["last_admitted"] == "1970-01-01T05:30:00.000+05:30")
    }
  }

  @Test func aLaterStartLimitForTheSameTargetReplacesTheEarlier() async throws {
    let limits = try ["cashfree:order=5", "7", "cashfree:order=1"].map { try SimRateLimit(spec: $0) }
    try await SimHarness.with(rateLimits: limits) { sim in
      let limits = sim.simulator.rateLimits
      #expect(limits.map(\.spec) == ["7", "cashfree:order=1"])
      #expect(limits.map(\.id) == [1, 2])
      let reply = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(reply.header("x-ratelimit-limit") == "1")
    }
  }

  @Test func enKashTokensAreShownMasked() async throws {
    try await SimHarness.with(rateLimits: [try SimRateLimit(spec: "enkash=10")]) { sim in
      let token = try await sim.enkashAccessToken()
      _ = try await sim.enkashOrder("ORSIM0000000001", token: token)
      let listed = try await sim.admin(.GET, "/rate-limits")
      #expect(!listed.text.contains(token), "\(listed.text)")
      let clients = try listed.json()["rate_limits"]?[0]?["windows"]?.arrayValue?.compactMap { $0["client"]?.textValue }
      #expect(clients == ["token …" + String(token.suffix(4)), SimHarness.credentials.enkash.clientID])
    }
  }
}
