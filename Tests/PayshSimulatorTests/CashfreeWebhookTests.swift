import PayshJSON
import PayshSimulator
import Testing

/// Cashfree webhooks as a receiver on 127.0.0.1 gets them: bodies, headers and signatures per version.
@Suite struct CashfreeWebhookTests {
  static let secret = Simulator.credentials.cashfree.clientSecret

  /// Fixed vector, computed independently of the simulator:
  /// python3 -c 'import hmac,hashlib,base64;body=b"{\"data\":{\"order\":{\"order_id\":\"cf_sim_paid\",\"order_amount\":170.00}},\"type\":\"PAYMENT_SUCCESS_WEBHOOK\"}";print(base64.b64encode(hmac.new(b"TEST_SIM_CF_CLIENT_SECRET",b"1736924400000"+body,hashlib.sha256).digest()).decode())'
  @Test func signatureMatchesAnIndependentVector() {
    let body = #"{"data":{"order":{"order_id":"cf_sim_paid","order_amount":170.00}},"type":"PAYMENT_SUCCESS_WEBHOOK"}"#
    let signature = CashfreeWebhookBody.signature(
      timestamp: "1736924400000", body: Array(body.utf8), secret: Self.secret)
    #expect(signature == "lc10fW8crI6hLsoa0GYcSH6v0DEb16KvE81P4CDOX+4=")
  }

  /// Every event type under every version: the type, the data's parts, id types, and the headers.
  @Test(arguments: CashfreeWebhookVersion.allCases)
  func everyEventUnderVersion(_ version: CashfreeWebhookVersion) async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(
          receiver.baseURL + "/hooks", ["gateway": "cashfree", "version": .string(version.rawValue)])
        _ = try await sim.trigger("cashfree", "cf_sim_active", "payment_failed")
        _ = try await sim.trigger("cashfree", "cf_sim_active", "payment_dropped")
        _ = try await sim.trigger("cashfree", "cf_sim_active", "payment_success")
        _ = try await sim.trigger("cashfree", "cf_sim_active", "refund_success")
        for status in ["INITIATED", "SUCCESS", "FAILED", "REVERSED"] {
          _ = try await sim.trigger("cashfree", "cf_sim_active", "settlement", status: status)
        }
        let received = receiver.requests("/hooks")
        let types = try received.map { try $0.json()["type"]?.textValue ?? "" }
        #expect(
          types == [
            "PAYMENT_FAILED_WEBHOOK", "PAYMENT_USER_DROPPED_WEBHOOK", "PAYMENT_SUCCESS_WEBHOOK",
            "REFUND_STATUS_WEBHOOK", "SETTLEMENT_INITIATED", "SETTLEMENT_SUCCESS", "SETTLEMENT_FAILED",
            "SETTLEMENT_REVERSED",
          ])
        for request in received {
          try Self.checkHeaders(request, version: version)
          let body = try request.json()
          #expect(body.keys == ["data", "event_time", "type"])
          #expect(body["event_time"] == "2025-01-01T08:30:00+05:30")
        }
        let integer = version == .v20220901
        for request in received.prefix(3) {
          let data = try #require(try request.json()["data"])
          #expect(
            data.keys == [
              "order", "payment", "customer_details", "error_details", "payment_gateway_details", "payment_offers",
            ])
          #expect(data["order"]?.keys == ["order_id", "order_amount", "order_currency", "order_tags"])
          #expect(data["order"]?["order_id"] == "cf_sim_active")
          #expect(data["order"]?["order_amount"] == 499)
          Self.checkID(data["payment"]?["cf_payment_id"], integer: integer)
          #expect(data["payment"]?["international_payment"] != nil ? version == .v20250101 : version != .v20250101)
          #expect(data["customer_details"]?["customer_id"] != nil)
        }
        let failed = try #require(try received[0].json()["data"])
        #expect(failed["payment"]?["payment_status"] == "FAILED")
        #expect(failed["error_details"]?["error_code"] == "TRANSACTION_DECLINED")
        #expect(failed["error_details"]?["error_code_raw"] == "TRANSACTION_DECLINED")
        #expect(try received[2].json()["data"]?["error_details"] == .null)
        let refund = try #require(try received[3].json()["data"]?["refund"])
        Self.checkID(refund["cf_refund_id"], integer: integer)
        Self.checkID(refund["cf_payment_id"], integer: integer)
        #expect(refund["refund_status"] == "SUCCESS")
        #expect(refund["refund_amount"] == 499)
        #expect((refund["refund_mode"] == nil) == (version == .v20250101))
        #expect((refund["requested_speed"] != nil) == (version == .v20250101))
        let settlements = try received.suffix(4).map { try #require(try $0.json()["data"]?["settlement"]) }
        #expect(settlements.map { $0["status"] } == ["INITIATED", "SUCCESS", "FAILED", "REVERSED"])
        #expect(settlements[1]["settlement_amount"] == .number(text: "487.22"))
        #expect(settlements[0]["utr"] == "")
        #expect(settlements[1]["utr"]?.textValue?.hasPrefix("UTR") == true)
      }
    }
  }

  static func checkHeaders(_ request: WebhookReceiver.Received, version: CashfreeWebhookVersion) throws {
    #expect(request.header("content-type") == "application/json")
    #expect(request.header("x-webhook-version") == version.rawValue)
    let timestamp = try #require(request.header("x-webhook-timestamp"))
    #expect(timestamp == "1735700400000")
    let expected = CashfreeWebhookBody.signature(timestamp: timestamp, body: request.body, secret: secret)
    #expect(request.header("x-webhook-signature") == expected)
    if version == .v20250101 {
      #expect(request.header("x-webhook-attempt") == "1")
      #expect(request.header("x-idempotency-key")?.count == 64)
    } else {
      #expect(request.header("x-webhook-attempt") == nil)
      #expect(request.header("x-idempotency-key") == nil)
    }
  }

  static func checkID(_ value: JSONValue?, integer: Bool) {
    guard let value else {
      Issue.record("id missing")
      return
    }
    switch value {
    case .number: #expect(integer, "a JSON integer id under a string version")
    case .string: #expect(!integer, "a string id under 2022-09-01")
    default: Issue.record("id is \(value)")
    }
  }

  /// `170.00` stays `170.00` in the raw body, and the signature covers exactly those bytes.
  @Test func amountsKeepTheirDecimalText() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        let created = try await sim.admin(
          "/orders/cashfree",
          .obj([
            "order_id": "wh_decimal", "order_amount": .number(text: "170.00"), "order_currency": "INR",
            "customer_details": .obj(["customer_id": "c1", "customer_phone": "9000000001"]),
          ]))
        #expect(created.status == 201)
        _ = try await sim.registerWebhook(receiver.baseURL + "/hooks")
        _ = try await sim.trigger("cashfree", "wh_decimal", "payment_success")
        let request = try #require(receiver.requests("/hooks").first)
        #expect(request.text.contains(#""order_amount":170.00"#))
        #expect(request.text.contains(#""payment_amount":170.00"#))
        let timestamp = request.header("x-webhook-timestamp") ?? ""
        #expect(
          request.header("x-webhook-signature")
            == CashfreeWebhookBody.signature(timestamp: timestamp, body: request.body, secret: Self.secret))
      }
    }
  }

  /// Filters: an endpoint for one event gets only that one; another gateway's endpoint gets none.
  @Test func endpointsGetOnlyWhatTheyAskFor() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/refunds", ["events": .array(["REFUND_STATUS_WEBHOOK"])])
        _ = try await sim.registerWebhook(receiver.baseURL + "/paytring", ["gateway": "paytring"])
        _ = try await sim.registerWebhook(receiver.baseURL + "/all")
        _ = try await sim.trigger("cashfree", "cf_sim_paid", "refund_success")
        _ = try await sim.trigger("cashfree", "cf_sim_active", "payment_success")
        #expect(receiver.requests("/refunds").count == 1)
        #expect(receiver.requests("/paytring").isEmpty)
        #expect(receiver.requests("/all").count == 2)
      }
    }
  }
}
