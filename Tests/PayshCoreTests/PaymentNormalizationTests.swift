import PayshJSON
import Testing

@testable import PayshCore

/// Cashfree payment entities normalized: status words, amounts in minor units, the method with its
/// instrument masked, the bank reference, the time with its zone, the failure, and where each came from.
@Suite("Payments normalized")
struct PaymentNormalizationTests {
  static let body = """
    [
      {"cf_payment_id": 6000000203, "payment_status": "FAILED", "payment_amount": 2000, "payment_currency": "INR",
       "payment_time": "2025-01-15T10:16:00+05:30", "bank_reference": "",
       "payment_method": {"card": {"card_number": "4111111111111111", "card_network": "visa"}},
       "error_details": {"error_code": "TRANSACTION_DECLINED", "error_description": "issuer declined",
                         "error_reason": "auth_declined", "error_source": "customer"}},
      {"cf_payment_id": "6000000205", "payment_status": "SUCCESS", "payment_amount": 1250.5,
       "payment_time": "2025-01-15T10:18:30+05:30", "bank_reference": "UTR123", "auth_id": "A1",
       "payment_method": {"upi": {"upi_id": "asha@okaxis"}}},
      {"cf_payment_id": "6000000206", "payment_status": "FLAGGED", "payment_amount": "10.5"}
    ]
    """

  static func payments() throws -> [Payment] {
    try #require(CashfreePayments.payments(try JSONParser.parse(Array(body.utf8))))
  }

  @Test func eachAttemptIsNormalized() throws {
    let payments = try Self.payments()
    #expect(payments.map(\.status) == [.failed, .success, .unknown])
    #expect(payments.map(\.rawStatus) == ["FAILED", "SUCCESS", "FLAGGED"])
    #expect(payments.map(\.gatewayPaymentID) == ["6000000203", "6000000205", "6000000206"])
    #expect(payments[0].amount == Money(minorUnits: 200_000, currency: "INR"))
    #expect(payments[1].amount == Money(minorUnits: 125_050, currency: "INR"))
    #expect(payments[2].amount == nil, "a string is not an amount")
    #expect(payments[2].mapping.contains { $0.field == "amount" && $0.rule.contains("is a string") })
    #expect(payments[0].method == "card" && payments[0].instrument == "visa •••• 1111")
    #expect(payments[1].method == "upi" && payments[1].instrument == "asha@okaxis")
    #expect(payments[0].bankReference == nil, "an empty reference is none")
    #expect(payments[1].bankReference == "UTR123" && payments[1].authID == "A1")
    #expect(payments[1].time?.iso8601 == "2025-01-15T10:18:30+05:30")
    #expect(
      payments[0].failure
        == .init(
          code: "TRANSACTION_DECLINED", description: "issuer declined",
          reason: "auth_declined", source: "customer"))
  }

  @Test func everyCashfreeStatusWordHasItsMeaning() {
    let words = ["SUCCESS", "FAILED", "PENDING", "USER_DROPPED", "CANCELLED", "VOID", "NOT_ATTEMPTED", "FLAGGED", ""]
    #expect(
      words.map(CashfreePayments.status) == [
        .success, .failed, .pending, .dropped, .cancelled, .void, .notAttempted, .unknown, .unknown,
      ])
  }

  @Test func theTableShowsOneRowEachWithTheCardMasked() throws {
    let text = SnapshotRenderer(style: .plain).payments(try Self.payments())
    let lines = text.split(separator: "\n")
    #expect(lines.count == 4, "a header and one row per attempt: \(text)")
    #expect(lines[0].hasPrefix("PAYMENT"))
    #expect(
      lines[1].contains("failed (FAILED)") && lines[1].contains("₹2,000.00") && lines[1].contains("visa •••• 1111"))
    #expect(lines[1].contains("TRANSACTION_DECLINED: issuer declined"))
    #expect(lines[2].contains("success (SUCCESS)") && lines[2].contains("₹1,250.50") && lines[2].contains("UTR123"))
    #expect(lines[3].contains("unknown (FLAGGED)") && lines[3].contains("?"))
    #expect(!text.contains("4111111111111111"))
    #expect(SnapshotRenderer(style: .plain).payments([]) == "payments: none\n")
  }

  @Test func theMappingNamesEveryColumnOnce() throws {
    let rows = OrderParts.payments(try Self.payments()).mapping
    #expect(
      Set(rows.map(\.field)) == [
        "status", "payment_id", "amount", "method", "time", "error", "bank_reference", "auth_id",
      ])
    #expect(rows.count == Set(rows.map(\.field)).count)
  }

  @Test func aSinglePaymentAnswerIsOneAttemptAndAnythingElseNone() throws {
    let one = try JSONParser.parse(Array(#"{"cf_payment_id": "1", "payment_status": "PENDING"}"#.utf8))
    #expect(CashfreePayments.payments(one)?.map(\.status) == [.pending])
    #expect(CashfreePayments.payments(try JSONParser.parse(Array(#"{"order_id": "x"}"#.utf8))) == nil)
  }

  @Test func paytringsOrderCarriesItsAttempt() throws {
    let body = try JSONParser.parse(
      Array(
        #"{"status": true, "order": {"order_id": "7716", "pg_transaction_id": "2025011", "amount": "125050", "currency": "INR", "pg": "Paytm", "method": "UPI", "order_status": "success", "unmapped_status": "TXN_SUCCESS", "updated_at": "2025-01-15 11:05:40"}}"#
          .utf8))
    let attempt = try #require(PaytringAttempt.payments(body)?.first)
    #expect(attempt.status == .success && attempt.rawStatus == "TXN_SUCCESS", "the processor's own word is the raw one")
    #expect(attempt.gatewayPaymentID == "2025011" && attempt.method == "upi" && attempt.instrument == "via Paytm")
    #expect(attempt.amount == Money(minorUnits: 125_050, currency: "INR"), "paise, a numeric string allowed")
    #expect(attempt.time?.iso8601 == "2025-01-15T11:05:40+05:30")
    let created = try JSONParser.parse(Array(#"{"order": {"order_status": "created", "pg_transaction_id": ""}}"#.utf8))
    #expect(PaytringAttempt.payments(created) == [], "an order no one tried to pay has no attempt")
    #expect(PaytringAttempt.payments(try JSONParser.parse(Array(#"{"status": false}"#.utf8))) == nil)
    #expect(
      ["success", "refunded", "failed", "pending", "initiated", "created", "cancelled", "expired", "odd"].map(
        PaytringAttempt.status) == [
          .success, .success, .failed, .pending, .pending, .notAttempted, .cancelled, .dropped, .unknown,
        ])
  }
}
