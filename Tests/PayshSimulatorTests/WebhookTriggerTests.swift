import PayshJSON
import PayshSimulator
import Testing

/// `POST /_sim/orders/{gateway}/{id}/trigger` for each event, Paytring's and EnKash's notifications, and fire.
@Suite struct WebhookTriggerTests {
  @Test func cashfreeTriggersChangeTheOrderAsTheGatewayWould() async throws {
    try await SimHarness.with { sim in
      let paid = try await sim.trigger("cashfree", "cf_sim_active", "payment_success")
      #expect(paid["status"] == "PAID")
      #expect(paid["payments"]?.arrayValue?.last?["payment_status"] == "SUCCESS")
      #expect(paid["deliveries"] == .array([]))
      let failed = try await sim.trigger("cashfree", "cf_sim_active", "payment_failed")
      #expect(failed["payments"]?.arrayValue?.last?["error_details"]?["error_code"] == "TRANSACTION_DECLINED")
      let dropped = try await sim.trigger("cashfree", "cf_sim_active", "payment_dropped")
      #expect(dropped["payments"]?.arrayValue?.last?["payment_status"] == "USER_DROPPED")
      // The pending refund moves; with none pending, a refund of what is left is added.
      let moved = try await sim.trigger("cashfree", "cf_sim_partly_refunded", "refund_success")
      #expect(moved["refunds"]?.arrayValue?.map { $0["refund_status"] } == ["SUCCESS", "SUCCESS"])
      let rest = try await sim.trigger("cashfree", "cf_sim_partly_refunded", "refund_success")
      #expect(rest["refunds"]?.arrayValue?.last?["refund_amount"] == .number(text: "649.5"))
      let full = try await sim.admin(
        "/orders/cashfree/cf_sim_partly_refunded/trigger", .obj(["event": "refund_success"]))
      #expect(full.status == 400)
      #expect(full.text.contains("refunded in full"))
      let cancelled = try await sim.trigger("cashfree", "cf_sim_over_refund", "refund_cancelled")
      #expect(cancelled["refunds"]?.arrayValue?.last?["refund_status"] == "CANCELLED")
      let settled = try await sim.trigger("cashfree", "cf_sim_charged_not_paid", "settlement")
      #expect(settled["settlement"]?["settlement_amount"] == .number(text: "585.84"))
      let unpaid = try await sim.admin("/orders/cashfree/cf_sim_expired/trigger", .obj(["event": "settlement"]))
      #expect(unpaid.status == 400)
    }
  }

  @Test func unsupportedEventsNameTheSupportedOnes() async throws {
    try await SimHarness.with { sim in
      let paytring = try await sim.admin(
        "/orders/paytring/771606428862383003/trigger", .obj(["event": "settlement"]))
      #expect(paytring.status == 400)
      #expect(paytring.text.contains("payment_success, payment_failed, refund_success"), "\(paytring.text)")
      let cashfree = try await sim.admin("/orders/cashfree/cf_sim_active/trigger", .obj(["event": "paid"]))
      #expect(cashfree.status == 400)
      #expect(cashfree.text.contains("payment_dropped, refund_success, refund_cancelled, settlement"))
      let missing = try await sim.admin("/orders/cashfree/nope/trigger", .obj(["event": "payment_success"]))
      #expect(missing.status == 404)
      let status = try await sim.admin(
        "/orders/cashfree/cf_sim_paid/trigger", .obj(["event": "settlement", "status": "DONE"]))
      #expect(status.status == 400)
    }
  }

  @Test func paytringSendsItsOrderWithItsHash() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/paytring", ["gateway": "paytring"])
        _ = try await sim.trigger("paytring", "771606428862383003", "payment_success")
        _ = try await sim.trigger("paytring", "771606428862383003", "refund_success")
        _ = try await sim.trigger("paytring", "771606428862383002", "payment_failed")
        let received = receiver.requests()
        let bodies = try received.map { try $0.json() }
        #expect(bodies.map { $0["order_status"] } == ["success", "refunded", "failed"])
        #expect(try await sim.deliveries().map { $0["type"] } == ["ORDER_SUCCESS", "ORDER_REFUNDED", "ORDER_FAILED"])
        for (request, body) in zip(received, bodies) {
          #expect(body["order_id"] != nil && body["receipt_id"] != nil && body["amount"] != nil)
          #expect(PaytringHash.verify(body, secret: Simulator.credentials.paytring.secret))
          #expect(request.header("x-paytring-signature") == body["hash"]?.textValue)
        }
        #expect(bodies[0]["amount"] == 25000)
        #expect(bodies[0]["unmapped_status"] == "TXN_SUCCESS")
      }
    }
  }

  @Test func enkashSendsItsPaymentNotification() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        _ = try await sim.registerWebhook(receiver.baseURL + "/enkash", ["gateway": "enkash"])
        _ = try await sim.trigger("enkash", "ORSIMPENDING1", "payment_success")
        _ = try await sim.trigger("enkash", "ORSIMPROGRESS1", "payment_failed")
        _ = try await sim.trigger("enkash", "ORSIMLATER1", "payment_dropped")
        _ = try await sim.trigger("enkash", "ORSIMPENDING1", "refund_success")
        let bodies = try receiver.requests().map { try $0.json() }
        #expect(bodies.map { $0["status"] } == ["SUCCESS", "FAILED", "CANCELLED", "REFUNDED"])
        #expect(
          bodies[0].keys == [
            "surcharge", "surchargeGst", "amount", "finalAmount", "paymentMode", "bankCode", "bankName",
            "cardScheme", "currency", "checksum", "status", "transactionId", "txnMsg", "txnDate",
            "uniqueTransactionId", "maskedCardNumber", "cardHolderName", "paymentToken", "bankTransactionId", "mdr",
            "mdrGst", "transactionAmount", "orderId", "orderStatus", "transactionStatus",
          ])
        #expect(bodies[0]["orderId"] == "ORSIMPENDING1")
        #expect(bodies[0]["amount"] == 500)
        #expect(bodies[0]["orderStatus"] == "SUCCESS")
        #expect(bodies[0]["checksum"] == .string(EnKashWebhookBody.notComputable))
        #expect(bodies[1]["orderStatus"] == "PENDING")
        let order = try await sim.admin(.GET, "/orders/enkash/ORSIMPENDING1").json()
        #expect(order["order"]?["paymentStatus"] == "REFUNDED")
      }
    }
  }

  @Test func fireCountsWhatItSent() async throws {
    try await WebhookReceiver.with { receiver in
      try await SimHarness.with { sim in
        let ok = try await sim.registerWebhook(receiver.baseURL + "/ok")
        let failing = try await sim.registerWebhook(receiver.baseURL + "/status/500")
        let fired = try await sim.admin(
          "/webhooks/fire", .obj(["count": 200, "concurrency": 8, "endpoint": .string(ok)]),
          timeout: .seconds(120)  // 200 round trips: on a loaded 2-core CI machine, more than 10 s
        ).json()
        #expect(fired["sent"] == 200)
        #expect(fired["delivered"] == 200)
        #expect(fired["failed"] == 0)
        #expect(fired["latency_ms"]?["p50"] != .null && fired["latency_ms"]?["max"] != .null)
        #expect(fired["per_second"]?.doubleValue ?? 0 > 0)
        let received = receiver.requests("/ok")
        #expect(received.count == 200)
        #expect(Set(received.map { $0.header("x-idempotency-key") }).count == 200)
        #expect(try received.allSatisfy { try $0.json()["type"] == "PAYMENT_SUCCESS_WEBHOOK" })
        #expect(
          try received.allSatisfy {
            try $0.json()["data"]?["order"]?["order_id"] == "order_3242Tq4Edj9CC5RDcMeobmJOWOBJij"
          })
        let failed = try await sim.admin(
          "/webhooks/fire",
          .obj([
            "count": 20, "concurrency": 4, "endpoint": .string(failing), "order_id": "cf_sim_refunded",
            "type": "REFUND_STATUS_WEBHOOK",
          ])
        ).json()
        #expect(failed["sent"] == 20)
        #expect(failed["failed"] == 20)
        #expect(try await sim.deliveries().isEmpty)
        let paytring = try await sim.admin(
          "/webhooks/fire", .obj(["count": 3, "gateway": "paytring", "type": "ORDER_SUCCESS"])
        ).json()
        #expect(paytring["sent"] == 6)
        let bad = try await sim.admin("/webhooks/fire", .obj(["count": 0]))
        #expect(bad.status == 400)
        let wrongType = try await sim.admin("/webhooks/fire", .obj(["type": "ORDER_SUCCESS"]))
        #expect(wrongType.text.contains("not a cashfree event"))
      }
    }
  }
}
