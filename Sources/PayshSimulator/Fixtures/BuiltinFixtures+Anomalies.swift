import PayshJSON

extension BuiltinFixtures {
  /// Cashfree orders that are each wrong in exactly one way `check` looks for (docs/SIMULATOR.md lists the
  /// rule each is made for), judged at the fixture clock, 2025-01-15T12:30:00+05:30. Every id, time and
  /// reference is fixed; amounts are exact in paise.
  static func anomalies() -> [JSONValue] {
    let day = Self.day
    func at(_ time: String) -> String { "\(day)\(time)+05:30" }
    func paid(_ id: Int, _ time: String, _ extra: KeyValuePairs<String, JSONValue> = [:]) -> JSONValue {
      var payment = pay(id, "SUCCESS", time)
      payment["bank_reference"] = .string("BR\(id)")
      payment["auth_id"] = .string("A\(id % 1_000_000)")
      for (key, value) in extra { payment[key] = value }
      return payment
    }
    func settled(
      _ id: Int, _ time: String, transfer: String = dayTransfer, _ extra: KeyValuePairs<String, JSONValue> = [:]
    )
      -> JSONValue
    {
      settlement(
        id, paid: time, transfer: transfer, utr: "UTR\(id)", settlementID: id % 1_000_000, transferID: id % 100_000,
        extra)
    }
    let offer = JSONValue.obj([
      "offer_id": "5f1c0e2a-7b3d-4c8e-9a61-0d2f4b6c8e10",
      "offer_type": "DISCOUNT",
      "offer_meta": .obj([
        "offer_title": "₹100 off", "offer_description": "Flat ₹100 off on UPI", "offer_code": "UPI100",
        "offer_start_time": "2025-01-01T00:00:00Z", "offer_end_time": "2025-03-31T18:30:00Z",
      ]),
      "offer_redemption": .obj(["redemption_status": "SUCCESS", "discount_amount": 100, "cashback_amount": 0]),
    ])
    return [
      // paid_without_payment
      entry(cashfreeOrder("cf_sim_paid_no_payment", 5_000_000_111, 500, "PAID", at("09:00:00"))),
      // charged_not_paid: paid two hours before the clock, the order still ACTIVE.
      entry(
        cashfreeOrder("cf_sim_charged_not_paid", 5_000_000_112, 600, "ACTIVE", at("10:25:00")),
        ["payments": .array([paid(6_000_000_210, at("10:30:00"))])]),
      // double_charge: two captures of the whole amount, the first one settled.
      entry(
        cashfreeOrder("cf_sim_double_charge", 5_000_000_113, 1500, "PAID", at("09:55:00")),
        [
          "payments": .array([paid(6_000_000_211, at("10:00:00")), paid(6_000_000_212, at("10:02:00"))]),
          "settlement": settled(7_000_000_304, at("10:00:00"), ["cf_payment_id": "6000000211"]),
        ]),
      // double_charge, the second capture refunded automatically by the gateway.
      entry(
        cashfreeOrder("cf_sim_double_charge_auto_refunded", 5_000_000_114, 1500, "PAID", at("10:05:00")),
        [
          "payments": .array([paid(6_000_000_213, at("10:10:00")), paid(6_000_000_214, at("10:12:00"))]),
          "refunds": .array([
            refund(
              8_000_000_404, "refund_auto_6000000214", 1500, "SUCCESS", at("10:20:00"),
              [
                "cf_payment_id": "6000000214", "refund_type": "PAYMENT_AUTO_REFUND",
                "refund_note": "Auto refund of a duplicate payment", "refund_arn": "ARN8000000404",
                "processed_at": .string(at("11:20:00")),
              ])
          ]),
          "settlement": settled(7_000_000_305, at("10:10:00"), ["cf_payment_id": "6000000213"]),
        ]),
      // over_refund: 600 refunded and 500 pending of 1000 captured.
      entry(
        cashfreeOrder("cf_sim_over_refund", 5_000_000_115, 1000, "PAID", at("09:30:00")),
        [
          "payments": .array([paid(6_000_000_215, at("09:31:00"))]),
          "refunds": .array([
            refund(
              8_000_000_405, "refund_over_1", 600, "SUCCESS", at("11:00:00"),
              ["refund_arn": "ARN8000000405", "processed_at": .string(at("11:30:00"))]),
            refund(8_000_000_406, "refund_over_2", 500, "PENDING", at("12:00:00")),
          ]),
          "settlement": settled(7_000_000_306, at("09:31:00")),
        ]),
      // refund_without_arn: one SUCCESS refund without its ARN, one processed an hour before it was created.
      entry(
        cashfreeOrder("cf_sim_refund_without_arn", 5_000_000_116, 800, "PAID", at("09:40:00")),
        [
          "payments": .array([paid(6_000_000_216, at("09:41:00"))]),
          "refunds": .array([
            refund(
              8_000_000_407, "refund_no_arn", 300, "SUCCESS", at("11:00:00"),
              ["refund_arn": "", "processed_at": .string(at("11:10:00"))]),
            refund(
              8_000_000_408, "refund_processed_early", 200, "SUCCESS", at("11:40:00"),
              ["refund_arn": "ARN8000000408", "processed_at": .string(at("10:40:00"))]),
          ]),
          "settlement": settled(7_000_000_307, at("09:41:00")),
        ]),
      // refund_pending_long: a refund PENDING for 20 days.
      entry(
        cashfreeOrder("cf_sim_refund_pending_long", 5_000_000_117, 1200, "PAID", "2024-12-20T10:00:00+05:30"),
        [
          "payments": .array([paid(6_000_000_217, "2024-12-20T10:05:00+05:30")]),
          "refunds": .array([refund(8_000_000_409, "refund_slow_1", 400, "PENDING", "2024-12-26T12:30:00+05:30")]),
          "settlement": settled(
            7_000_000_308, "2024-12-20T10:05:00+05:30", transfer: "2024-12-21T11:00:00+05:30"),
        ]),
      // settlement_mismatch: 1000 − 20 − 3.60 is 976.40, the settlement says 977.40.
      entry(
        cashfreeOrder("cf_sim_settlement_mismatch", 5_000_000_118, 1000, "PAID", at("09:45:00")),
        [
          "payments": .array([paid(6_000_000_218, at("09:46:00"))]),
          "settlement": settled(
            7_000_000_309, at("09:46:00"),
            ["service_charge": .paise(2000), "service_tax": .paise(360), "settlement_amount": .paise(97_740)]),
        ]),
      // unsettled: paid five days before the clock, no settlement.
      entry(
        cashfreeOrder("cf_sim_unsettled", 5_000_000_119, 700, "PAID", "2025-01-10T15:00:00+05:30"),
        ["payments": .array([paid(6_000_000_219, "2025-01-10T15:02:00+05:30")])]),
      // amount_unexplained: 900 paid on an order of 1000, no offer, no surcharge.
      entry(
        cashfreeOrder("cf_sim_amount_unexplained", 5_000_000_120, 1000, "PAID", at("09:50:00")),
        [
          "payments": .array([paid(6_000_000_220, at("09:52:00"), ["payment_amount": 900])]),
          "settlement": settled(7_000_000_310, at("09:52:00")),
        ]),
      // Healthy: the same 900 on 1000, explained by a ₹100 discount offer.
      entry(
        cashfreeOrder("cf_sim_offer_applied", 5_000_000_121, 1000, "PAID", at("09:57:00")),
        [
          "payments": .array([
            paid(6_000_000_221, at("09:58:00"), ["payment_amount": 900, "payment_offers": .array([offer])])
          ]),
          "settlement": settled(7_000_000_311, at("09:58:00")),
        ]),
      // status_backwards: PAID, then ACTIVE from the second fetch.
      entry(
        cashfreeOrder("cf_sim_status_backwards", 5_000_000_122, 450, "PAID", at("10:50:00")),
        [
          "payments": .array([paid(6_000_000_222, at("10:52:00"))]),
          "settlement": settled(7_000_000_312, at("10:52:00")),
          "script": .array([.obj(["after_fetches": 1, "set_status": "ACTIVE"])]),
        ]),
      // Healthy (a late authorisation is no step back): FAILED for two reads (the order, its payments), then the
      // same attempt SUCCESS and the order PAID.
      entry(
        cashfreeOrder("cf_sim_late_authorisation", 5_000_000_123, 350, "ACTIVE", at("11:00:00")),
        [
          "payments": .array([pay(6_000_000_223, "FAILED", at("11:02:00"))]),
          "script": .array([
            .obj([
              "after_fetches": 2,
              "patch_payment": .obj([
                "cf_payment_id": "6000000223", "payment_status": "SUCCESS", "is_captured": true,
                "payment_message": "Transaction successful", "bank_reference": "BR6000000223", "auth_id": "A000223",
                "error_details": .null, "payment_completion_time": .string(at("11:20:00")),
                "payment_gateway_details": .obj(["gateway_status_code": "00"]),
              ]),
            ]),
            .obj(["after_fetches": 2, "set_status": "PAID"]),
            .obj([
              "after_fetches": 2,
              "set_settlement": settled(7_000_000_314, at("11:02:00"), ["cf_payment_id": "6000000223"]),
            ]),
          ]),
        ]),
      // stuck_attempt: PENDING for an hour.
      entry(
        cashfreeOrder("cf_sim_stuck_attempt", 5_000_000_124, 275, "ACTIVE", at("11:28:00")),
        ["payments": .array([pay(6_000_000_224, "PENDING", at("11:30:00"))])]),
    ]
  }
}
