import PayshJSON

extension BuiltinFixtures {
  /// Paytring orders: the seed example, then one per status (amounts in paise, IST local times).
  static func paytring() throws -> [JSONValue] {
    guard let seedOrder = try JSONParser.parse(SeedExamples.paytringFetch)["order"] else { return [] }
    /// One order; its `unmapped_status` is the processor's word for `status` unless `unmapped` says otherwise.
    func order(
      _ suffix: Int, _ status: String, _ amount: Int, method: String = "UPI", pg: String = "Paytm",
      receipt: String? = nil, unmapped: String? = nil, note: String? = nil
    )
      -> JSONValue
    {
      let open = status == "created" || status == "initiated"
      // An order still waiting is a few minutes old at the fixture clock (12:30 IST): not stuck yet.
      let waiting = open || status == "pending"
      let time = waiting ? "12:2\(suffix)" : "11:\(SimTime.pad(suffix))"
      return PaytringOrderFactory.completed(
        .obj([
          "order_id": .string("77160642886238300\(suffix)"),
          "receipt_id": .string(receipt ?? "rcpt_sim_\(status)"),
          "pg_transaction_id": .string(open ? "" : "2025011\(suffix)000\(suffix)"),
          "amount": .int(amount),
          "pg": .string(open ? "" : pg),
          "method": .string(open ? "" : method),
          "order_status": .string(status),
          "unmapped_status": .string(unmapped ?? PaytringOrderFactory.unmapped(status, pg: pg)),
          "customer": .obj(["name": "Ravi Kumar", "email": "ravi@example.com", "phone": "919812345678"]),
          "notes": .obj([
            "udf1": .string("fixture \(note ?? status)"), "udf2": "", "udf3": "", "udf4": "", "udf5": "",
          ]),
          "created_at": .string("2025-01-15 \(time):00"),
          "updated_at": .string("2025-01-15 \(time):40"),
        ]), now: .init(timeIntervalSince1970: 0), ids: &ids)
    }
    var ids = IDGenerator()
    return [
      .obj(["order": seedOrder]),
      .obj(["order": order(1, "created", 49_900)]),
      .obj(["order": order(2, "initiated", 15_000)]),
      .obj(["order": order(3, "pending", 25_000)]),
      .obj(["order": order(4, "failed", 10_000, method: "CARD", pg: "Razorpay")]),
      .obj(["order": order(5, "success", 125_050)]),
      .obj(["order": order(6, "refunded", 75_000)]),
      .obj([
        "order": order(7, "pending", 64_000, receipt: "rcpt_sim_later"),
        "script": .array([.obj(["after_fetches": 2, "set_status": "success"])]),
      ]),
      // status_words_disagree: Paytring says success, Paytm's own word is a failure.
      .obj([
        "order": order(
          8, "success", 39_900, receipt: "rcpt_sim_words_disagree", unmapped: "TXN_FAILURE",
          note: "pt_sim_status_words_disagree")
      ]),
    ]
  }

  /// EnKash voucher orders: the seed example, the docs' request id, then one per status.
  static func enkash() throws -> [JSONValue] {
    guard let seedOrder = try JSONParser.parse(SeedExamples.enkashOrderDetails)["paylod"] else { return [] }
    func voucher(_ number: String, _ pin: String) -> JSONValue {
      .obj(["cardNumber": .string(number), "pin": .string(pin), "expiryDate": "2026-12-31T23:59:59"])
    }
    func order(
      _ id: String, _ reference: String, orderStatus: String, paymentStatus: String, amount: Int,
      vouchers: [JSONValue] = [], paidAmount: Int? = nil
    ) -> JSONValue {
      let paid = ["SUCCESS", "REFUNDED"].contains(paymentStatus)
      return .obj([
        "orderId": .string(id), "paymentStatus": .string(paymentStatus), "orderStatus": .string(orderStatus),
        "totalQuantity": .int(max(1, vouchers.count)), "totalAmount": .int(amount), "orderAmount": .int(amount),
        "paidAmount": .int(paidAmount ?? (paid ? amount : 0)), "partnerOrderReferenceId": .string(reference),
        "voucherDetailsList": .array(vouchers),
      ])
    }
    let pins = [voucher("4000111122223333", "918273"), voucher("4000111122224444", "564738")]
    return [
      .obj(["order": seedOrder]),
      .obj([
        "order": order(
          "OR631764TS4UC", "REF-SIM-VOUCHER", orderStatus: "SUCCESS", paymentStatus: "SUCCESS", amount: 2000,
          vouchers: pins)
      ]),
      .obj([
        "order": order(
          "ORSIMPENDING1", "REF-SIM-PENDING", orderStatus: "PENDING", paymentStatus: "IN_PROGRESS", amount: 500)
      ]),
      .obj([
        "order": order(
          "ORSIMPROGRESS1", "REF-SIM-PROGRESS", orderStatus: "IN_PROGRESS", paymentStatus: "IN_PROGRESS", amount: 700)
      ]),
      .obj([
        "order": order("ORSIMFAILED1", "REF-SIM-FAILED", orderStatus: "PENDING", paymentStatus: "FAILED", amount: 300)
      ]),
      .obj([
        "order": order(
          "ORSIMCANCELLED1", "REF-SIM-CANCELLED", orderStatus: "PENDING", paymentStatus: "CANCELLED", amount: 300)
      ]),
      .obj([
        "order": order(
          "ORSIMREFUNDED1", "REF-SIM-REFUNDED", orderStatus: "REFUNDED", paymentStatus: "REFUNDED", amount: 1000)
      ]),
      .obj([
        "order": order(
          "ORSIMEXPIRED1", "REF-SIM-EXPIRED", orderStatus: "EXPIRED", paymentStatus: "EXPIRED", amount: 800)
      ]),
      .obj([
        "order": order(
          "ORSIMLATER1", "REF-SIM-LATER", orderStatus: "IN_PROGRESS", paymentStatus: "IN_PROGRESS", amount: 1500),
        "script": .array([
          .obj([
            "after_fetches": 2,
            "patch": .obj([
              "orderStatus": "SUCCESS", "paymentStatus": "SUCCESS", "paidAmount": 1500,
              "voucherDetailsList": .array([voucher("4000111122225555", "102938")]),
            ]),
          ])
        ]),
      ]),
      // status_words_disagree: SUCCESS twice over, nothing paid.
      .obj([
        "order": order(
          "ORSIMWORDS1", "REF-SIM-WORDS", orderStatus: "SUCCESS", paymentStatus: "SUCCESS", amount: 900,
          vouchers: [voucher("4000111122226666", "473829")], paidAmount: 0)
      ]),
    ]
  }
}
