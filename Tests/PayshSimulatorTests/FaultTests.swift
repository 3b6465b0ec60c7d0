import PayshJSON
import PayshSimulator
import Testing

/// Faults over loopback, each switched on through the admin API for one gateway and route.
@Suite struct FaultTests {
  func addFault(_ sim: SimHarness, _ fault: JSONValue) async throws {
    let reply = try await sim.admin("/faults", fault)
    #expect(reply.status == 201)
  }

  @Test func faultsAreOffByDefault() async throws {
    try await SimHarness.with { sim in
      let faults = try await sim.admin(.GET, "/faults").json()
      #expect(faults == .obj(["faults": .array([])]))
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
    }
  }

  @Test(arguments: [
    ("times", JSONValue.int(-1), "fault times must be a whole number from 1 to 1000000 (got -1)"),
    ("latency_ms", .number(text: "1e20"), "fault latency_ms must be a whole number from 0 to 600000 (got 1e20)"),
    ("retry_after", .int(0), "fault retry_after must be a whole number from 1 to 59 (got 0)"),
    ("interval_ms", .string("soon"), "fault interval_ms must be a whole number from 0 to 10000 (got soon)"),
  ])
  func outOfRangeNumbersAreRefusedNotCoerced(field: String, value: JSONValue, message: String) async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.admin("/faults", .obj(["kind": "latency", field: value]))
      #expect(reply.status == 400)
      #expect(reply.text.contains(message), "\(reply.text)")
      let faults = try await sim.admin(.GET, "/faults").json()
      #expect(faults == .obj(["faults": .array([])]), "nothing was added")
    }
  }

  @Test func latencyDelaysTheAnswer() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "cashfree", "route": "order", "kind": "latency", "latency_ms": 300]))
      let clock = ContinuousClock()
      let start = clock.now
      let reply = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(reply.status == 200)
      #expect(clock.now - start >= .milliseconds(300))
    }
  }

  @Test(arguments: ["cashfree", "paytring", "enkash"])
  func rateLimitIs429WithRetryHeaders(gateway: String) async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": .string(gateway), "kind": "rate_limit", "retry_after": 7]))
      let reply: Reply
      switch gateway {
      case "cashfree": reply = try await sim.cashfree("/orders/cf_sim_paid")
      case "paytring":
        reply = try await sim.paytring("/api/v2/order/fetch", .obj(["key": "test_sim_key", "id": "1", "hash": "none"]))
      default: reply = try await sim.enkashToken()
      }
      #expect(reply.status == 429)
      #expect(reply.header("x-ratelimit-retry") == "7")
      #expect(reply.header("Retry-After") == "7")
      if gateway == "cashfree" {
        #expect(try reply.json()["type"] == "rate_limit_error")
        #expect(reply.header("x-ratelimit-remaining") == "0")
      }
    }
  }

  @Test(arguments: [500, 502, 503])
  func serverErrorsUseTheGatewayShape(status: Int) async throws {
    try await SimHarness.with { sim in
      try await addFault(
        sim, .obj(["gateway": "cashfree", "route": "payments", "kind": "status", "status": .int(status)]))
      let reply = try await sim.cashfree("/orders/cf_sim_paid/payments")
      #expect(reply.status == status)
      #expect(
        try reply.json()["code"]
          == (status == 502 ? "bank_processing_failure" : status == 500 ? "internal_error" : "service_unavailable"))
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      try await addFault(sim, .obj(["gateway": "paytring", "kind": "status", "status": .int(status)]))
      let paytring = try await sim.paytring("/api/v1/order/fetch", .obj(["key": "k", "id": "1", "hash": "h"]))
      #expect(paytring.status == status)
      #expect(try paytring.json()["status"] == false)
    }
  }

  @Test func timesLimitsAFault() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["kind": "status", "status": 503, "times": 2]))
      var statuses: [Int] = []
      for _ in 0..<3 { statuses.append(try await sim.cashfree("/orders/cf_sim_paid").status) }
      #expect(statuses == [503, 503, 200])
      #expect(try await sim.admin(.GET, "/faults").json()["faults"] == .array([]))
    }
  }

  @Test func connectionResetFailsTheRequest() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "enkash", "route": "token", "kind": "reset", "times": 1]))
      await #expect(throws: (any Error).self) { _ = try await sim.enkashToken() }
      #expect(try await sim.enkashToken().status == 200)
    }
  }

  @Test func truncatedBodyFailsTheRequest() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "cashfree", "kind": "truncate", "times": 1]))
      await #expect(throws: (any Error).self) { _ = try await sim.cashfree("/orders/cf_sim_paid") }
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
    }
  }

  @Test func invalidJSONIsServedWith200() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "cashfree", "route": "order", "kind": "invalid_json"]))
      let reply = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(reply.status == 200)
      #expect(throws: JSONParseError.self) { try reply.json() }
    }
  }

  @Test func hugeBodyIsTenMegabytesOfValidJSON() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "cashfree", "route": "refunds", "kind": "huge_body"]))
      let reply = try await sim.cashfree("/orders/cf_sim_partly_refunded/refunds")
      #expect(reply.body.count >= 10 * 1024 * 1024)
      let items = try reply.json().arrayValue ?? []
      #expect(items.count == 3)
      #expect(items.first?["refund_id"] == "refund_part_1")
    }
  }

  @Test func slowTrickleDeliversTheWholeBodySlowly() async throws {
    try await SimHarness.with { sim in
      try await addFault(sim, .obj(["gateway": "cashfree", "kind": "trickle", "chunk_bytes": 200, "interval_ms": 40]))
      let (parts, spread, body) = try await sim.streamed(SimHarness.cashfreeRequest("/orders/cf_sim_paid"))
      let order = try JSONParser.parse(body)
      #expect(order["order_id"] == "cf_sim_paid")
      let chunks = (body.count + 199) / 200
      #expect(chunks >= 4)
      #expect(parts >= chunks - 1)
      #expect(spread >= .milliseconds(40 * (chunks - 2)))
    }
  }

  @Test func withoutTrickleTheBodyArrivesAtOnce() async throws {
    try await SimHarness.with { sim in
      let (parts, _, body) = try await sim.streamed(SimHarness.cashfreeRequest("/orders/cf_sim_paid"))
      #expect(body.count > 800)
      #expect(parts <= 2, "one or two parts, against one per 200 bytes under the trickle")
    }
  }

  @Test func faultsCanBeListedRemovedAndRejected() async throws {
    try await SimHarness.with { sim in
      let added = try await sim.admin(
        "/faults", .obj(["gateway": "paytring", "route": "fetch", "kind": "status", "status": 500]))
      let id = try #require(try added.json()["id"]?.intValue)
      #expect(try await sim.admin(.GET, "/faults").json()["faults"]?.arrayValue?.count == 1)
      #expect(try await sim.admin(.DELETE, "/faults/\(id)").status == 200)
      #expect(try await sim.admin(.DELETE, "/faults/\(id)").status == 404)
      #expect(try await sim.admin("/faults", .obj(["kind": "explode"])).status == 400)
      #expect(try await sim.admin("/faults", .obj(["kind": "status", "status": 418])).status == 400)
      #expect(
        try await sim.admin("/faults", .obj(["kind": "reset", "gateway": "cashfree", "route": "token"])).status == 400)
    }
  }
}
