import PayshJSON
import PayshSimulator
import Testing

/// Cashfree PG routes over loopback: fixtures, auth, versions, headers, create.
@Suite struct CashfreeTests {
  static let seedID = "order_3242Tq4Edj9CC5RDcMeobmJOWOBJij"

  @Test func seedExampleComesBackFieldForFieldUnder20220901() async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.cashfree("/orders/\(Self.seedID)", version: "2022-09-01")
      #expect(reply.status == 200)
      let expected = try JSONParser.parse(SeedExamples.cashfreeOrder)
      #expect(try reply.json() == expected)
      #expect(try reply.json().keys == expected.keys)
    }
  }

  @Test func version20230801UsesStringIDsAndDropsURLObjects() async throws {
    try await SimHarness.with { sim in
      let order = try await sim.cashfree("/orders/\(Self.seedID)", version: "2023-08-01").json()
      #expect(order["cf_order_id"] == .string("2149460581"))
      #expect(order["payments"] == nil && order["refunds"] == nil && order["settlements"] == nil)
      #expect(order["customer_details"]?["customer_uid"] == "54deabb4-ba45-4a60-9e6a-9c016fe7ab10")
      #expect(order["cart_details"]?["cart_id"] == "1")
      #expect(order["products"] == nil)
    }
  }

  @Test func version20250101AddsItsFields() async throws {
    try await SimHarness.with { sim in
      let order = try await sim.cashfree("/orders/cf_sim_paid", version: "2025-01-01").json()
      #expect(order["products"]?["one_click_checkout"]?["enabled"] == false)
      let old = try await sim.cashfree("/orders/cf_sim_paid", version: "2023-08-01").json()
      #expect(old["products"] == nil)
      let payments = try #require(
        try await sim.cashfree("/orders/cf_sim_paid/payments", version: "2025-01-01").json().arrayValue)
      #expect(payments.first?["payment_gateway_details"]?["gateway_name"] == "CASHFREE")
      #expect(payments.first?["international_payment"]?["international"] == false)
      #expect(payments.first?["order_currency"] == "INR")
      let legacy = try #require(
        try await sim.cashfree("/orders/cf_sim_paid/payments", version: "2022-09-01").json().arrayValue)
      #expect(legacy.first?["payment_gateway_details"] == nil)
      #expect(legacy.first?["cf_payment_id"] == .number(text: "6000000201"))
      #expect(payments.first?["cf_payment_id"] == .string("6000000201"))
    }
  }

  @Test func terminatedExistsFrom20230801Only() async throws {
    try await SimHarness.with { sim in
      let modern = try await sim.cashfree("/orders/cf_sim_terminated", version: "2023-08-01").json()
      #expect(modern["order_status"] == "TERMINATED")
      let legacy = try await sim.cashfree("/orders/cf_sim_terminated", version: "2022-09-01").json()
      #expect(legacy["order_status"] == "EXPIRED")
      let requested = try await sim.cashfree("/orders/cf_sim_termination_requested", version: "2025-01-01").json()
      #expect(requested["order_status"] == "TERMINATION_REQUESTED")
    }
  }

  @Test func generatedURLObjectsPointAtTheSimulator() async throws {
    try await SimHarness.with { sim in
      let order = try await sim.cashfree("/orders/cf_sim_paid", version: "2022-09-01").json()
      #expect(order["cf_order_id"] == .number(text: "5000000102"))
      let url = "\(sim.simulator.baseURL)/pg/orders/cf_sim_paid/payments"
      #expect(order["payments"]?["url"] == .string(url))
      #expect(order.keys.firstIndex(of: "payments") == order.keys.firstIndex(of: "payment_session_id").map { $0 + 1 })
    }
  }

  @Test(arguments: [
    [("x-client-secret", "TEST_SIM_CF_CLIENT_SECRET")],
    [("x-client-id", "TEST_SIM_CF_CLIENT_ID")],
    [("x-client-id", "TEST_SIM_CF_CLIENT_ID"), ("x-client-secret", "wrong")],
    [("x-client-id", "someone-else"), ("x-client-secret", "TEST_SIM_CF_CLIENT_SECRET")],
  ])
  func badCredentialsAre401(headers: [(String, String)]) async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.send(
        .GET, "/pg/orders/cf_sim_paid", headers: headers + [("x-api-version", "2023-08-01")])
      #expect(reply.status == 401)
      #expect(
        try reply.json()
          == .obj([
            "message": "authentication Failed", "code": "request_failed", "type": "authentication_error",
          ]))
    }
  }

  @Test func missingAndUnknownVersionsAre400NamingTheSupportedOnes() async throws {
    try await SimHarness.with { sim in
      for version in [nil, "2021-05-21", "banana"] as [String?] {
        let reply = try await sim.cashfree("/orders/cf_sim_paid", version: version)
        #expect(reply.status == 400)
        let body = try reply.json()
        #expect(body["type"] == "invalid_request_error")
        #expect(body["code"] == (version == nil ? "version_missing" : "version_invalid"))
        let message = body["message"]?.textValue ?? ""
        for supported in ["2022-09-01", "2023-08-01", "2025-01-01", "2026-01-01"] {
          #expect(message.contains(supported))
        }
      }
    }
  }

  @Test func requestIDIsEchoedAndRateLimitHeadersSent() async throws {
    try await SimHarness.with { sim in
      let first = try await sim.cashfree(
        "/orders/cf_sim_paid", extra: [("x-request-id", "req-4821"), ("x-idempotency-key", "idem-1")])
      #expect(first.header("x-request-id") == "req-4821")
      #expect(first.header("x-idempotency-key") == "idem-1")
      #expect(first.header("x-api-version") == "2023-08-01")
      // No limit in force (none given with --rate-limit): none announced, the request within it.
      #expect(first.header("x-ratelimit-limit") == nil)
      #expect(first.header("x-ratelimit-remaining") == nil)
      #expect(first.header("x-ratelimit-retry") == "0")
      #expect(first.header("x-ratelimit-type") == "app_id")
      let second = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(second.header("x-request-id") == nil)
      let unauthorized = try await sim.send(.GET, "/pg/orders/x", headers: [("x-request-id", "r2")])
      #expect(unauthorized.header("x-request-id") == "r2")
    }
  }

  @Test func paymentRefundAndSettlementRoutes() async throws {
    try await SimHarness.with { sim in
      let payments = try await sim.cashfree("/orders/cf_sim_failed_then_paid/payments").json().arrayValue ?? []
      #expect(payments.map { $0["payment_status"]?.textValue } == ["FAILED", "USER_DROPPED", "SUCCESS"])
      #expect(payments.first?["error_details"]?["error_code"] == "TRANSACTION_DECLINED")
      let one = try await sim.cashfree("/orders/cf_sim_failed_then_paid/payments/6000000205").json()
      #expect(one["payment_status"] == "SUCCESS")
      #expect(try await sim.cashfree("/orders/cf_sim_failed_then_paid/payments/1").status == 404)

      let refunds = try await sim.cashfree("/orders/cf_sim_partly_refunded/refunds").json().arrayValue ?? []
      #expect(refunds.map { $0["refund_amount"] } == [.number(text: "250"), .number(text: "100.5")])
      #expect(refunds.map { $0["refund_status"]?.textValue } == ["SUCCESS", "PENDING"])
      let refund = try await sim.cashfree("/orders/cf_sim_partly_refunded/refunds/refund_part_1").json()
      #expect(refund["cf_refund_id"] == "8000000402")
      #expect(refund["cf_payment_id"] == "6000000207")
      let legacy = try await sim.cashfree("/orders/cf_sim_partly_refunded/refunds/refund_part_1", version: "2022-09-01")
      #expect(try legacy.json()["cf_refund_id"] == "refund_8000000402")
      #expect(try legacy.json()["cf_payment_id"] == .number(text: "6000000207"))
      #expect(try await sim.cashfree("/orders/cf_sim_partly_refunded/refunds/nope").status == 404)

      let settlement = try await sim.cashfree("/orders/cf_sim_paid/settlements").json()
      #expect(settlement["entity"] == "settlement")
      #expect(settlement["cf_settlement_id"] == "7000000301")
      #expect(try await sim.cashfree("/orders/cf_sim_active/settlements").status == 404)
      #expect(try await sim.cashfree("/orders/cf_sim_active/payments").json() == .array([]))
    }
  }

  @Test func unknownOrderIs404() async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.cashfree("/orders/no_such_order")
      #expect(reply.status == 404)
      #expect(try reply.json()["code"] == "order_not_found")
      #expect(try reply.json()["type"] == "invalid_request_error")
    }
  }

  @Test func percentEncodedIDsAreDecoded() async throws {
    try await SimHarness.with { sim in
      let created = try await sim.cashfreeCreate(Self.createBody(id: "order-with_dash-1"))
      #expect(created.status == 200)
      let reply = try await sim.cashfree("/orders/order%2Dwith%5Fdash-1")
      #expect(reply.status == 200)
      #expect(try reply.json()["order_id"] == "order-with_dash-1")
    }
  }

  static func createBody(id: String?, amount: JSONValue = .number(text: "10.34")) -> JSONValue {
    var body = JSONValue.obj([
      "order_amount": amount, "order_currency": "INR",
      "customer_details": .obj(["customer_id": "7112AAA812234", "customer_phone": "9898989898"]),
    ])
    if let id { body["order_id"] = .string(id) }
    return body
  }

  @Test func createThenFetchThenDuplicateIs409() async throws {
    try await SimHarness.with { sim in
      let created = try await sim.cashfreeCreate(Self.createBody(id: "order_new_1"))
      #expect(created.status == 200)
      let body = try created.json()
      #expect(body["order_status"] == "ACTIVE")
      #expect(body["order_amount"] == .number(text: "10.34"))
      #expect(body["created_at"] == "2025-01-01T08:30:00+05:30")
      #expect(body["order_expiry_time"] == "2025-01-31T08:30:00+05:30")
      #expect(body["cf_order_id"]?.textValue.flatMap(Int.init) != nil)
      let fetched = try await sim.cashfree("/orders/order_new_1").json()
      #expect(fetched == body)
      let duplicate = try await sim.cashfreeCreate(Self.createBody(id: "order_new_1"))
      #expect(duplicate.status == 409)
      #expect(try duplicate.json()["code"] == "order_already_exists")
      let generated = try await sim.cashfreeCreate(Self.createBody(id: nil))
      #expect(try generated.json()["order_id"]?.textValue?.hasPrefix("order_sim_") == true)
    }
  }

  @Test func createValidatesTheBody() async throws {
    try await SimHarness.with { sim in
      let badAmount = try await sim.cashfreeCreate(Self.createBody(id: "order_bad", amount: .number(text: "0.5")))
      #expect(badAmount.status == 400)
      #expect(try badAmount.json()["code"] == "order_amount_invalid")
      var noPhone = Self.createBody(id: "order_bad2")
      noPhone["customer_details"] = .obj(["customer_id": "abc123"])
      let reply = try await sim.cashfreeCreate(noPhone)
      #expect(try reply.json()["code"] == "customer_details.customer_phone_missing")
    }
  }
}

/// Cashfree routes beyond fetch and create: terminate, unknown paths.
@Suite struct CashfreeMoreTests {
  func patch(_ sim: SimHarness, _ id: String, _ body: JSONValue) async throws -> Reply {
    try await sim.send(
      .PATCH, "/pg/orders/\(id)",
      headers: [
        ("x-client-id", SimHarness.credentials.cashfree.clientID),
        ("x-client-secret", SimHarness.credentials.cashfree.clientSecret), ("x-api-version", "2023-08-01"),
      ], body: body.compactBytes)
  }

  @Test func terminateAnActiveOrder() async throws {
    try await SimHarness.with { sim in
      let reply = try await patch(sim, "cf_sim_active", .obj(["order_status": "TERMINATED"]))
      #expect(reply.status == 200)
      #expect(try reply.json()["order_status"] == "TERMINATED")
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "TERMINATED")
      let paid = try await patch(sim, "cf_sim_paid", .obj(["order_status": "TERMINATED"]))
      #expect(paid.status == 400)
      #expect(try paid.json()["code"] == "order_inactive")
      let wrong = try await patch(sim, "cf_sim_pending", .obj(["order_status": "PAID"]))
      #expect(wrong.status == 400)
    }
  }

  @Test func unknownPathsAnswerInTheGatewayShape() async throws {
    try await SimHarness.with { sim in
      let cashfree = try await sim.cashfree("/links/abc")
      #expect(cashfree.status == 400)
      #expect(try cashfree.json()["message"] == "bad URL, please check API documentation")
      let paytring = try await sim.paytring("/api/v2/order/refund", .obj(["key": "k"]))
      #expect(paytring.status == 404)
      #expect(try paytring.json()["status"] == false)
      let admin = try await sim.admin(.GET, "/nope")
      #expect(admin.status == 404)
    }
  }
}
