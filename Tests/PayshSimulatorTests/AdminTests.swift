import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// The admin API: create, status, payments, refunds, seeds, reset, credentials.
@Suite struct AdminTests {
  @Test func createSetStatusAddPaymentAndRefund() async throws {
    try await SimHarness.with { sim in
      let created = try await sim.admin(
        "/orders/cashfree",
        .obj([
          "order_id": "adm_1", "order_amount": 500, "order_currency": "INR",
          "customer_details": .obj(["customer_id": "c1", "customer_phone": "9000000001"]),
        ]))
      #expect(created.status == 201)
      #expect(try await sim.cashfree("/orders/adm_1").json()["order_amount"] == 500)
      #expect(try await sim.admin("/orders/cashfree/adm_1/payments", .obj(["payment_status": "FAILED"])).status == 200)
      #expect(try await sim.cashfree("/orders/adm_1").json()["order_status"] == "ACTIVE")
      #expect(try await sim.admin("/orders/cashfree/adm_1/payments", .obj(["payment_status": "SUCCESS"])).status == 200)
      #expect(try await sim.cashfree("/orders/adm_1").json()["order_status"] == "PAID")
      #expect(try await sim.admin("/orders/cashfree/adm_1/refunds", .obj(["refund_amount": 200])).status == 200)
      let refunds = try await sim.cashfree("/orders/adm_1/refunds").json().arrayValue ?? []
      #expect(refunds.map { $0["refund_amount"] } == [200])
      let status = try await sim.admin("/orders/cashfree/adm_1/status", .obj(["status": "TERMINATED"]))
      #expect(try status.json()["status"] == "TERMINATED")
      #expect(try await sim.admin("/orders/cashfree", .obj(["order_id": "adm_1"])).status == 400)
    }
  }

  @Test func duplicateAdminCreateIs409() async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.admin("/orders/enkash", .obj(["orderId": "12345"]))
      #expect(reply.status == 409)
    }
  }

  @Test func resetRestoresFixturesAndClearsState() async throws {
    try await SimHarness.with { sim in
      _ = try await sim.admin("/orders/cashfree/cf_sim_active/status", .obj(["status": "PAID"]))
      _ = try await sim.admin("/faults", .obj(["kind": "status", "status": 500]))
      #expect(try await sim.cashfree("/orders/cf_sim_active").status == 500)
      #expect(try await sim.admin("/reset").status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "ACTIVE")
      #expect(try await sim.admin(.GET, "/faults").json()["faults"] == .array([]))
    }
  }

  @Test func seedFilesLoadAtStart() async throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sim-seed-\(UUID().uuidString).json")
    let seed = """
      {"cashfree":[{"order":{"order_id":"seeded_1","order_amount":42.5,"order_currency":"INR",
        "customer_details":{"customer_id":"c42","customer_phone":"9000000042"}},
        "payments":[{"payment_status":"SUCCESS"}]}],
       "enkash":[{"order":{"orderId":"ORSEED1","orderStatus":"PENDING"}}],
       "paytring":[{"order":{"order_id":"900000000000000001","order_status":"failed","amount":1999}}]}
      """
    try Data(seed.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    try await SimHarness.with(seedFiles: [url]) { sim in
      let order = try await sim.cashfree("/orders/seeded_1").json()
      #expect(order["order_amount"] == .number(text: "42.5"))
      #expect(order["order_status"] == "ACTIVE")
      let view = try await sim.admin(.GET, "/orders/enkash/ORSEED1").json()
      #expect(view["order"]?["paymentStatus"] == "IN_PROGRESS")
      let listing = try await sim.admin(.GET, "/orders").json()
      #expect(
        listing["paytring"]?.arrayValue?.contains(.obj(["id": "900000000000000001", "status": "failed"])) == true)
    }
  }

  @Test func badSeedFileFailsStart() async throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sim-bad-\(UUID().uuidString).json")
    try Data(#"{"stripe":[]}"#.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let error = await #expect(throws: SimulatorStartError.self) {
      try await SimHarness.with(seedFiles: [url]) { _ in }
    }
    #expect(error?.message.contains(url.path) == true)
    #expect(error?.message.contains("stripe") == true)
  }

  @Test func credentialsJSONHasTheDocumentedShape() async throws {
    let json = try JSONParser.parse(Simulator.credentials.json)
    #expect(json.keys == ["cashfree", "paytring", "enkash"])
    #expect(json["cashfree"]?.keys == ["client_id", "client_secret"])
    #expect(json["paytring"]?.keys == ["key", "secret"])
    #expect(json["enkash"]?.keys == ["client_id", "client_secret", "username", "password"])
    try await SimHarness.with { sim in
      let served = try await sim.admin(.GET, "/credentials").json()
      #expect(served == json)
    }
  }

  @Test func requestLogHasOneMaskedLinePerRequest() async throws {
    let lines = LineCollector()
    try await SimHarness.with(log: { lines.append($0) }) { sim in
      _ = try await sim.cashfree("/orders/cf_sim_paid?token=abc123")
      _ = try await sim.enkashToken()
    }
    let all = lines.lines
    #expect(all.count == 2)
    #expect(all.first?.contains(" cashfree GET /pg/orders/cf_sim_paid?token=*** 200 ") == true)
    #expect(all.last?.contains(" enkash POST /oauth/token 200 ") == true)
    #expect(!all.joined().contains("abc123") && !all.joined().contains(Simulator.credentials.enkash.password))
  }

  @Test func twoSimulatorsRunSideBySide() async throws {
    try await SimHarness.with { first in
      try await SimHarness.with { second in
        #expect(first.simulator.port != second.simulator.port)
        _ = try await first.admin("/orders/cashfree/cf_sim_active/status", .obj(["status": "PAID"]))
        #expect(try await second.cashfree("/orders/cf_sim_active").json()["order_status"] == "ACTIVE")
      }
    }
  }
}

/// Collects log lines from the simulator's callback.
final class LineCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [String] = []

  func append(_ line: String) { lock.withLock { stored.append(line) } }

  var lines: [String] { lock.withLock { stored } }
}
