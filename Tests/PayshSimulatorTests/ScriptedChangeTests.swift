import PayshJSON
import PayshSimulator
import Testing

/// Orders that change between fetches: after N fetches, after T seconds on the manual clock, via admin.
@Suite struct ScriptedChangeTests {
  @Test func activeBecomesPaidAfterTwoFetches() async throws {
    try await SimHarness.with { sim in
      var statuses: [String] = []
      for _ in 0..<3 {
        statuses.append(try await sim.cashfree("/orders/cf_sim_pays_later").json()["order_status"]?.textValue ?? "?")
      }
      #expect(statuses == ["ACTIVE", "ACTIVE", "PAID"])
      let payments = try await sim.cashfree("/orders/cf_sim_pays_later/payments").json().arrayValue ?? []
      #expect(payments.map { $0["payment_status"]?.textValue } == ["SUCCESS"])
    }
  }

  @Test func paidAfterSecondsOnTheManualClock() async throws {
    try await SimHarness.with { sim in
      let scheduled = try await sim.admin(
        "/orders/cashfree/cf_sim_active/script", .array([.obj(["after_seconds": 30, "set_status": "PAID"])]))
      #expect(scheduled.status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "ACTIVE")
      sim.clock.advance(by: 29)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "ACTIVE")
      sim.clock.advance(by: 1)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "PAID")
    }
  }

  @Test func aRefundAppearsLater() async throws {
    try await SimHarness.with { sim in
      let script = JSONValue.obj([
        "after_fetches": 1, "add_refund": .obj(["refund_id": "late_refund", "refund_amount": 100]),
      ])
      #expect(try await sim.admin("/orders/cashfree/cf_sim_paid/script", script).status == 200)
      let before = try await sim.cashfree("/orders/cf_sim_paid/refunds").json()
      let after = try await sim.cashfree("/orders/cf_sim_paid/refunds").json()
      #expect(before == .array([]))
      #expect(after.arrayValue?.first?["refund_id"] == "late_refund")
      #expect(after.arrayValue?.first?["cf_payment_id"] == "6000000201")
    }
  }

  @Test func paytringAndEnKashFixturesChangeToo() async throws {
    try await SimHarness.with { sim in
      let key = Simulator.credentials.paytring.key
      let body = JSONValue.obj(["key": .string(key), "id": "771606428862383007", "hash": "none"])
      var statuses: [String] = []
      for _ in 0..<3 {
        let reply = try await sim.paytring(
          "/api/v2/order/fetch", body, basic: (key, Simulator.credentials.paytring.secret))
        statuses.append(try reply.json()["order"]?["order_status"]?.textValue ?? "?")
      }
      #expect(statuses == ["pending", "pending", "success"])

      let token = try await sim.enkashAccessToken()
      var enkash: [String] = []
      for _ in 0..<3 {
        let order = try await sim.enkashOrder("ORSIMLATER1", token: token).json()["paylod"]
        enkash.append(
          "\(order?["orderStatus"]?.textValue ?? "?"):\(order?["voucherDetailsList"]?.arrayValue?.count ?? -1)")
      }
      #expect(enkash == ["IN_PROGRESS:0", "IN_PROGRESS:0", "SUCCESS:1"])
    }
  }

  @Test func badScriptsAreRefused() async throws {
    try await SimHarness.with { sim in
      let noTrigger = try await sim.admin("/orders/cashfree/cf_sim_active/script", .obj(["set_status": "PAID"]))
      #expect(noTrigger.status == 400)
      let noOrder = try await sim.admin(
        "/orders/cashfree/nope/script", .obj(["after_fetches": 1, "set_status": "PAID"]))
      #expect(noOrder.status == 404)
    }
  }
}
