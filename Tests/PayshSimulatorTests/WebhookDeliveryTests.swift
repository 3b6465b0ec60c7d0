import PayshJSON
import PayshSimulator
import Testing

/// Delivery: what counts as failed, retries at 2, 10 and 30 minutes on the simulator clock, resend, the log.
@Suite struct WebhookDeliveryTests {
  @Test func retriesAtTwoTenAndThirtyMinutesThenGivesUp() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/status/500")
        let answer = try await sim.trigger("cashfree", "cf_sim_active", "payment_success")
        #expect(answer["deliveries"] == .array(["dl_1"]))
        var log = try await sim.deliveries()
        #expect(log.count == 1)
        #expect(log[0]["state"] == "retrying")
        #expect(log[0]["next_attempt_at"] == "2025-01-01T08:32:00+05:30")
        #expect(log[0]["attempts"]?[0]?["status"] == 500)
        #expect(log[0]["attempts"]?[0]?["error"]?.textValue?.contains("500") == true)
        let steps: [(Double, Int, JSONValue)] = [
          (119, 1, "2025-01-01T08:32:00+05:30"), (1, 2, "2025-01-01T08:42:00+05:30"),
          (599, 2, "2025-01-01T08:42:00+05:30"), (1, 3, "2025-01-01T09:12:00+05:30"), (1800, 4, .null),
        ]
        for (seconds, attempts, next) in steps {
          #expect(
            try await sim.admin("/clock/advance", .obj(["seconds": .number(text: "\(Int(seconds))")])).status == 200)
          log = try await sim.deliveries()
          #expect(log[0]["attempts"]?.arrayValue?.count == attempts, "after \(seconds) s more")
          #expect(log[0]["next_attempt_at"] == next)
        }
        #expect(log[0]["state"] == "gave_up")
        sim.clock.advance(by: 7200)
        #expect(try await sim.deliveries()[0]["attempts"]?.arrayValue?.count == 4)
        let received = receiver.requests()
        #expect(received.map { $0.header("x-webhook-attempt") } == ["1", "2", "3", "4"])
        #expect(Set(received.map { $0.header("x-idempotency-key") }).count == 1)
        #expect(Set(received.map { $0.header("x-webhook-timestamp") }).count == 4)
        #expect(Set(received.map(\.body)).count == 1)
      }
    }
  }

  @Test func errorsRedirectsAndSilenceAreFailures() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/status/500")
        _ = try await sim.registerWebhook(receiver.baseURL + "/status/302")
        _ = try await sim.registerWebhook(receiver.baseURL + "/never", ["timeout_ms": 300])
        _ = try await sim.registerWebhook("http://127.0.0.1:1/refused")
        _ = try await sim.registerWebhook(receiver.baseURL + "/ok")
        let answer = try await sim.trigger("cashfree", "cf_sim_active", "payment_failed")
        #expect(answer["deliveries"]?.arrayValue?.count == 5)
        let log = try await sim.deliveries(orderID: "cf_sim_active")
        #expect(log.map { $0["state"] } == ["retrying", "retrying", "retrying", "retrying", "delivered"])
        let first = log.map { $0["attempts"]?[0] }
        #expect(first.map { $0?["status"] } == [500, 302, .null, .null, 200])
        #expect(first[1]?["error"]?.textValue?.contains("redirect") == true)
        #expect(first[2]?["error"] == "timed out after 300 ms")
        #expect(first[3]?["error"] == "connection refused")
        #expect(first[4]?["error"] == .null)
        #expect(log[4]["next_attempt_at"] == .null)
        #expect(receiver.requests("/elsewhere").isEmpty)
        #expect(try await sim.deliveries(orderID: "cf_sim_paid").isEmpty)
      }
    }
  }

  @Test func resendIsANewAttemptWithTheSameKey() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        receiver.setScript([500])
        _ = try await sim.registerWebhook(receiver.baseURL + "/scripted")
        _ = try await sim.trigger("cashfree", "cf_sim_paid", "refund_success")
        #expect(try await sim.deliveries()[0]["state"] == "retrying")
        sim.clock.advance(by: 5)
        let resent = try await sim.admin("/webhooks/deliveries/dl_1/resend")
        #expect(resent.status == 200)
        let delivery = try resent.json()
        #expect(delivery["state"] == "delivered")
        #expect(delivery["next_attempt_at"] == .null)
        #expect(delivery["attempts"]?.arrayValue?.map { $0["status"] } == [500, 200])
        let received = receiver.requests()
        #expect(received.count == 2)
        #expect(received[0].header("x-idempotency-key") == received[1].header("x-idempotency-key"))
        #expect(received[0].header("x-webhook-timestamp") == "1735700400000")
        #expect(received[1].header("x-webhook-timestamp") == "1735700405000")
        #expect(received[0].header("x-webhook-signature") != received[1].header("x-webhook-signature"))
        #expect(received[1].header("x-webhook-attempt") == "2")
        #expect(received[0].body == received[1].body)
        #expect(try await sim.admin("/webhooks/deliveries/dl_9/resend").status == 404)
        _ = try await sim.admin("/reset")
        #expect(try await sim.deliveries().isEmpty)
      }
    }
  }

  /// Scripted changes send webhooks too: after fetches on the fetch, after seconds when the clock passes them.
  @Test func scriptedChangesSendWebhooks() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/hooks")
        let script = JSONValue.array([.obj(["after_seconds": 60, "set_status": "PAID"])])
        #expect(try await sim.admin("/orders/cashfree/cf_sim_active/script", script).status == 200)
        _ = try await sim.admin("/clock/advance", .obj(["seconds": 59]))
        #expect(try await sim.deliveries().isEmpty)
        _ = try await sim.admin("/clock/advance", .obj(["seconds": 1]))
        #expect(try await sim.deliveries().map { $0["type"] } == ["PAYMENT_SUCCESS_WEBHOOK"])
        #expect(try await sim.admin(.GET, "/orders/cashfree/cf_sim_active").json()["fetches"] == 0)
        for _ in 0..<3 { _ = try await sim.cashfree("/orders/cf_sim_pays_later") }
        let types = try await sim.deliveries(orderID: "cf_sim_pays_later").map { $0["type"] }
        #expect(types == ["SETTLEMENT_SUCCESS"])
        #expect(receiver.requests().count == 2)
      }
    }
  }
}
