import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// The anomaly fixtures serve what docs/SIMULATOR.md says they are made of; every settlement adds up in paise
/// (but the one made not to); every fixture is listed in docs/SIMULATOR.md.
@Suite struct AnomalyFixtureTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `[(status, payment_amount)]` of an order's payments.
  static func payments(_ sim: SimHarness, _ id: String) async throws -> [JSONValue] {
    try await sim.cashfree("/orders/\(id)/payments").json().arrayValue ?? []
  }

  static func refunds(_ sim: SimHarness, _ id: String) async throws -> [JSONValue] {
    try await sim.cashfree("/orders/\(id)/refunds").json().arrayValue ?? []
  }

  static func status(_ sim: SimHarness, _ id: String) async throws -> String? {
    try await sim.cashfree("/orders/\(id)").json()["order_status"]?.textValue
  }

  /// Whether `settlement` adds up: order_amount − service_charge − service_tax (+ adjustment) is its amount.
  static func addsUp(_ settlement: JSONValue) -> Bool {
    guard let amount = settlement["order_amount"]?.paiseValue, let charge = settlement["service_charge"]?.paiseValue,
      let tax = settlement["service_tax"]?.paiseValue, let settled = settlement["settlement_amount"]?.paiseValue
    else { return false }
    return amount - charge - tax + (settlement["adjustment"]?.paiseValue ?? 0) == settled
  }

  @Test func paidWithoutPaymentAndChargedNotPaid() async throws {
    try await SimHarness.with { sim in
      #expect(try await Self.status(sim, "cf_sim_paid_no_payment") == "PAID")
      #expect(try await Self.payments(sim, "cf_sim_paid_no_payment").isEmpty)
      #expect(try await Self.refunds(sim, "cf_sim_paid_no_payment").isEmpty)
      #expect(try await sim.cashfree("/orders/cf_sim_paid_no_payment/settlements").status == 404)

      #expect(try await Self.status(sim, "cf_sim_charged_not_paid") == "ACTIVE")
      let charged = try await Self.payments(sim, "cf_sim_charged_not_paid")
      #expect(charged.map { $0["payment_status"] } == ["SUCCESS"])
      #expect(charged.first?["payment_time"] == "2025-01-15T10:30:00+05:30")
      #expect(try await sim.cashfree("/orders/cf_sim_charged_not_paid/settlements").status == 404)
    }
  }

  @Test func doubleChargesAndTheAutoRefund() async throws {
    try await SimHarness.with { sim in
      let twice = try await Self.payments(sim, "cf_sim_double_charge")
      #expect(twice.map { $0["payment_status"] } == ["SUCCESS", "SUCCESS"])
      #expect(twice.map { $0["payment_amount"] } == [.number(text: "1500"), .number(text: "1500")])
      #expect(twice.map { $0["cf_payment_id"] } == ["6000000211", "6000000212"])
      #expect(twice.map { $0["payment_time"] } == ["2025-01-15T10:00:00+05:30", "2025-01-15T10:02:00+05:30"])
      #expect(Set(twice.compactMap { $0["bank_reference"]?.textValue }).count == 2)
      let settlement = try await sim.cashfree("/orders/cf_sim_double_charge/settlements").json()
      #expect(settlement["cf_payment_id"] == "6000000211")
      #expect(try await Self.refunds(sim, "cf_sim_double_charge").isEmpty)

      let covered = try await Self.payments(sim, "cf_sim_double_charge_auto_refunded")
      #expect(covered.map { $0["payment_status"] } == ["SUCCESS", "SUCCESS"])
      let refunds = try await Self.refunds(sim, "cf_sim_double_charge_auto_refunded")
      #expect(refunds.count == 1)
      let refund = try #require(refunds.first)
      #expect(refund["refund_type"] == "PAYMENT_AUTO_REFUND")
      #expect(refund["refund_status"] == "SUCCESS")
      #expect(refund["cf_payment_id"] == covered.last?["cf_payment_id"])
      #expect(refund["refund_amount"] == covered.last?["payment_amount"])
      #expect(refund["refund_arn"]?.textValue?.isEmpty == false)
      #expect(
        (refund["processed_at"]?.textValue ?? "") > (refund["created_at"]?.textValue ?? "~"),
        "processed after it was created (same offset, so the text compares)")
    }
  }

  @Test func refundsThatAreWrong() async throws {
    try await SimHarness.with { sim in
      let over = try await Self.refunds(sim, "cf_sim_over_refund")
      #expect(over.map { $0["refund_status"] } == ["SUCCESS", "PENDING"])
      #expect(over.map { $0["refund_amount"] } == [.number(text: "600"), .number(text: "500")])
      #expect(over.last?["created_at"] == "2025-01-15T12:00:00+05:30")
      #expect(
        try await Self.payments(sim, "cf_sim_over_refund").map { $0["payment_amount"] } == [.number(text: "1000")])

      let unreferenced = try await Self.refunds(sim, "cf_sim_refund_without_arn")
      #expect(unreferenced.map { $0["refund_status"] } == ["SUCCESS", "SUCCESS"])
      #expect(unreferenced.first?["refund_arn"] == "")
      #expect(unreferenced.first?["processed_at"] == "2025-01-15T11:10:00+05:30")
      #expect(unreferenced.last?["refund_arn"] == "ARN8000000408")
      #expect(unreferenced.last?["created_at"] == "2025-01-15T11:40:00+05:30")
      #expect(unreferenced.last?["processed_at"] == "2025-01-15T10:40:00+05:30")

      let slow = try await Self.refunds(sim, "cf_sim_refund_pending_long")
      #expect(slow.map { $0["refund_status"] } == ["PENDING"])
      #expect(slow.first?["created_at"] == "2024-12-26T12:30:00+05:30")
      #expect(slow.first?["refund_amount"] == .number(text: "400"))
      let settled = try await sim.cashfree("/orders/cf_sim_refund_pending_long/settlements").json()
      #expect(settled["transfer_time"] == "2024-12-21T11:00:00+05:30")
    }
  }

  @Test func settlementsAndAmounts() async throws {
    try await SimHarness.with { sim in
      let wrong = try await sim.cashfree("/orders/cf_sim_settlement_mismatch/settlements").json()
      #expect(wrong["order_amount"] == .number(text: "1000"))
      #expect(wrong["service_charge"] == .number(text: "20"))
      #expect(wrong["service_tax"] == .number(text: "3.6"))
      #expect(wrong["settlement_amount"] == .number(text: "977.4"))
      #expect(!Self.addsUp(wrong))

      #expect(try await Self.status(sim, "cf_sim_unsettled") == "PAID")
      #expect(
        try await Self.payments(sim, "cf_sim_unsettled").map { $0["payment_time"] } == ["2025-01-10T15:02:00+05:30"])
      #expect(try await sim.cashfree("/orders/cf_sim_unsettled/settlements").status == 404)

      for id in ["cf_sim_amount_unexplained", "cf_sim_offer_applied"] {
        let order = try await sim.cashfree("/orders/\(id)").json()
        #expect(order["order_amount"] == .number(text: "1000"))
        let modern = try await sim.cashfree("/orders/\(id)/payments", version: "2025-01-01").json()
        let payment = try #require(modern.arrayValue?.first)
        #expect(payment["payment_amount"] == .number(text: "900"))
        #expect(payment["payment_surcharge"]?["payment_surcharge_service_charge"] == .number(text: "0"))
        #expect(payment["payment_surcharge"]?["payment_surcharge_service_tax"] == .number(text: "0"))
        let settlement = try await sim.cashfree("/orders/\(id)/settlements").json()
        #expect(settlement["order_amount"] == .number(text: "900"), "the 900 is what was settled")
        #expect(settlement["settlement_amount"] == .number(text: "878.76"))
      }
      let plain = try #require(try await Self.payments(sim, "cf_sim_amount_unexplained").first)
      #expect(plain["payment_offers"] == nil)
      let offered = try #require(try await Self.payments(sim, "cf_sim_offer_applied").first)
      let offer = try #require(offered["payment_offers"]?.arrayValue?.first)
      #expect(offer["offer_type"] == "DISCOUNT")
      #expect(offer["offer_redemption"]?["discount_amount"] == .number(text: "100"))
    }
  }

  @Test func ordersThatChangeAfterAFetch() async throws {
    try await SimHarness.with { sim in
      #expect(try await Self.status(sim, "cf_sim_status_backwards") == "PAID")
      #expect(try await Self.status(sim, "cf_sim_status_backwards") == "ACTIVE")
      #expect(try await Self.payments(sim, "cf_sim_status_backwards").map { $0["payment_status"] } == ["SUCCESS"])

      #expect(try await Self.status(sim, "cf_sim_late_authorisation") == "ACTIVE")
      let before = try await Self.payments(sim, "cf_sim_late_authorisation")
      #expect(before.map { $0["payment_status"] } == ["FAILED"], "two reads before it changes")
      #expect(before.first?["error_details"]?["error_code"] == "TRANSACTION_DECLINED")
      #expect(try await Self.status(sim, "cf_sim_late_authorisation") == "PAID")
      let after = try await Self.payments(sim, "cf_sim_late_authorisation")
      #expect(after.count == 1)
      let payment = try #require(after.first)
      #expect(payment["cf_payment_id"] == before.first?["cf_payment_id"])
      #expect(payment["payment_status"] == "SUCCESS")
      #expect(payment["error_details"] == .null)
      #expect(payment["bank_reference"] == "BR6000000223")
      #expect(payment["auth_id"] == "A000223")
      #expect(payment["payment_time"] == before.first?["payment_time"])
      let settlement = try await sim.cashfree("/orders/cf_sim_late_authorisation/settlements").json()
      #expect(settlement["cf_payment_id"] == "6000000223")

      let charged = try await Self.payments(sim, "cf_sim_pays_later")
      #expect(charged.map { $0["payment_status"] } == ["SUCCESS"])
      #expect(charged.first?["payment_time"] == "2025-01-15T11:30:00+05:30")
      #expect(try await Self.status(sim, "cf_sim_pays_later") == "ACTIVE")
      #expect(try await sim.cashfree("/orders/cf_sim_pays_later/settlements").status == 200, "the third fetch")
      #expect(try await Self.status(sim, "cf_sim_pays_later") == "PAID")
      #expect(try await Self.payments(sim, "cf_sim_pays_later").count == 1, "no second payment is made up")
    }
  }

  @Test func patchPaymentIsScriptableAndRefusedWithoutAnID() async throws {
    try await SimHarness.with { sim in
      let script = JSONValue.obj([
        "after_fetches": 0, "patch_payment": .obj(["cf_payment_id": 6_000_000_208, "payment_status": "SUCCESS"]),
      ])
      #expect(try await sim.admin("/orders/cashfree/cf_sim_pending/script", script).status == 200)
      #expect(try await Self.payments(sim, "cf_sim_pending").map { $0["payment_status"] } == ["SUCCESS"])
      let noID = JSONValue.obj(["after_fetches": 0, "patch_payment": .obj(["payment_status": "SUCCESS"])])
      let refused = try await sim.admin("/orders/cashfree/cf_sim_pending/script", noID)
      #expect(refused.status == 400)
      #expect(try refused.json()["error"]?.textValue?.contains("cf_payment_id") == true)

      let now = try await sim.admin(
        "/orders/cashfree/cf_sim_expired/payments/6000000202", .obj(["payment_status": "VOID"]))
      #expect(now.status == 200)
      #expect(try await Self.payments(sim, "cf_sim_expired").map { $0["payment_status"] } == ["VOID"])
      #expect(try await sim.admin("/orders/cashfree/cf_sim_expired/payments/1", .obj([:])).status == 404)
    }
  }

  @Test func stuckAndFreshAttempts() async throws {
    try await SimHarness.with { sim in
      let stuck = try await Self.payments(sim, "cf_sim_stuck_attempt")
      #expect(stuck.map { $0["payment_status"] } == ["PENDING"])
      #expect(stuck.first?["payment_time"] == "2025-01-15T11:30:00+05:30")
      let fresh = try await Self.payments(sim, "cf_sim_pending")
      #expect(fresh.first?["payment_time"] == "2025-01-15T12:25:00+05:30")
      #expect(try await sim.cashfree("/orders/cf_sim_pending").json()["created_at"] == "2025-01-15T12:24:00+05:30")
    }
  }

  @Test func statusWordsThatDisagree() async throws {
    try await SimHarness.with { sim in
      let key = Simulator.credentials.paytring.key
      let basic = (key, Simulator.credentials.paytring.secret)
      let body = JSONValue.obj(["key": .string(key), "id": "rcpt_sim_words_disagree", "hash": "none"])
      let reply = try await sim.paytring("/api/v2/order/fetch/receipt", body, basic: basic)
      let order = try #require(try reply.json()["order"])
      #expect(order["order_status"] == "success")
      #expect(order["unmapped_status"] == "TXN_FAILURE")
      #expect(order["pg"] == "Paytm")
      #expect(order["order_id"] == "771606428862383008")

      let token = try await sim.enkashAccessToken()
      let enkash = try #require(try await sim.enkashOrder("REF-SIM-WORDS", token: token).json()["paylod"])
      #expect(enkash["orderId"] == "ORSIMWORDS1")
      #expect(enkash["orderStatus"] == "SUCCESS")
      #expect(enkash["paymentStatus"] == "SUCCESS")
      #expect(enkash["paidAmount"] == .number(text: "0"))
      #expect(enkash["orderAmount"] == .number(text: "900"))
    }
  }

  /// Paytring's word agrees with the processor's on every other fixture; EnKash's paidAmount with its status.
  @Test func everyOtherFixturesWordsAgree() async throws {
    try await SimHarness.with { sim in
      let key = Simulator.credentials.paytring.key
      let basic = (key, Simulator.credentials.paytring.secret)
      let paytm = ["success": "TXN_SUCCESS", "failed": "TXN_FAILURE", "pending": "PENDING", "refunded": "TXN_SUCCESS"]
      let razorpay = ["success": "captured", "failed": "failed", "refunded": "refunded"]
      for id in Simulator.builtinOrderIDs(gateway: "paytring") where id != "771606428862383008" {
        let body = JSONValue.obj(["key": .string(key), "id": .string(id), "hash": "none"])
        let order = try #require(try await sim.paytring("/api/v2/order/fetch", body, basic: basic).json()["order"])
        let status = order["order_status"]?.textValue ?? ""
        let words = order["pg"] == "Razorpay" ? razorpay : paytm
        #expect((order["unmapped_status"]?.textValue ?? "") == (words[status] ?? ""), "\(id) \(status)")
      }
      let token = try await sim.enkashAccessToken()
      for id in Simulator.builtinOrderIDs(gateway: "enkash") where id != "ORSIMWORDS1" {
        let order = try #require(try await sim.enkashOrder(id, token: token).json()["paylod"])
        let paid = ["SUCCESS", "REFUNDED"].contains(order["paymentStatus"]?.textValue ?? "")
        #expect(order["paidAmount"]?.paiseValue == (paid ? order["orderAmount"]?.paiseValue : 0), "\(id)")
      }
    }
  }

  /// Each settlement adds up exactly in paise (the charge 2% of the amount, the tax 18% of the charge, both
  /// rounded half up), but cf_sim_settlement_mismatch's; each successful refund has its ARN and was processed
  /// no earlier than it was created, but cf_sim_refund_without_arn's; nothing is dated after the fixture clock.
  @Test func everyFixtureAddsUp() async throws {
    try await SimHarness.with { sim in
      let ids = Simulator.builtinOrderIDs(gateway: "cashfree")
      // The scripted ones, in their final state.
      for id in ["cf_sim_pays_later", "cf_sim_pays_later", "cf_sim_late_authorisation", "cf_sim_late_authorisation"] {
        _ = try await sim.cashfree("/orders/\(id)")
      }
      var settled = 0
      for id in ids {
        let reply = try await sim.cashfree("/orders/\(id)/settlements")
        guard reply.status == 200 else { continue }
        let settlement = try reply.json()
        settled += 1
        if id == "cf_sim_settlement_mismatch" { continue }
        #expect(Self.addsUp(settlement), "\(id): \(settlement.compactText)")
        let amount = settlement["order_amount"]?.paiseValue ?? 0
        let charge = (amount * 2 + 50) / 100
        #expect(settlement["service_charge"]?.paiseValue == charge, "\(id)")
        #expect(settlement["service_tax"]?.paiseValue == (charge * 18 + 50) / 100, "\(id)")
        #expect((settlement["transfer_time"]?.textValue ?? "~") <= "2025-01-15T12:30:00+05:30", "\(id)")
        let payments = try await Self.payments(sim, id)
        let payment = payments.first { $0["cf_payment_id"] == settlement["cf_payment_id"] }
        #expect(payment?["payment_status"] == "SUCCESS", "\(id): the settled payment")
        #expect(payment?["payment_amount"] == settlement["order_amount"], "\(id)")
      }
      #expect(settled >= 14)
      for id in ids where id != "cf_sim_refund_without_arn" {
        for refund in try await Self.refunds(sim, id) where refund["refund_status"] == "SUCCESS" {
          #expect(refund["refund_arn"]?.textValue?.isEmpty == false, "\(id)")
          let created = refund["created_at"]?.textValue ?? "~"
          #expect((refund["processed_at"]?.textValue ?? "") >= created, "\(id)")
        }
      }
    }
  }

  @Test func everyFixtureIsListedInTheDocs() throws {
    let doc = try String(
      contentsOf: Self.repoRoot.appendingPathComponent("docs/SIMULATOR.md"), encoding: .utf8)
    for gateway in ["cashfree", "paytring", "enkash"] {
      let ids = Simulator.builtinOrderIDs(gateway: gateway)
      #expect(!ids.isEmpty)
      for id in ids {
        #expect(doc.contains("`\(id)`"), "\(gateway) fixture \(id) is missing from docs/SIMULATOR.md")
      }
    }
  }
}
