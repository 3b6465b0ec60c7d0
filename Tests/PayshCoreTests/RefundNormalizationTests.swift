import PayshJSON
import Testing

@testable import PayshCore

/// Cashfree refund entities normalized: status (ONHOLD and FAILED too), amount, the payment refunded, ARN,
/// type in words, created and processed times, each with where it came from.
@Suite("Refunds normalized")
struct RefundNormalizationTests {
  static let body = """
    [
      {"cf_refund_id": "1553338", "refund_id": "REF-123", "cf_payment_id": 918812, "refund_amount": 100.81,
       "refund_currency": "INR", "refund_status": "SUCCESS", "refund_type": "MERCHANT_INITIATED",
       "refund_arn": "RF12312", "created_at": "2021-07-25T08:57:52+05:30", "processed_at": "2021-07-25T12:57:52+05:30"},
      {"cf_refund_id": "1553339", "refund_id": "REF-124", "refund_amount": 5, "refund_status": "ONHOLD",
       "refund_type": "PAYMENT_AUTO_REFUND", "refund_arn": "", "processed_at": ""}
    ]
    """

  @Test func eachRefundIsNormalized() throws {
    let refunds = try #require(CashfreeRefunds.refunds(try JSONParser.parse(Array(Self.body.utf8))))
    #expect(refunds.map(\.status) == [.success, .onHold])
    #expect(refunds.map(\.refundID) == ["REF-123", "REF-124"])
    #expect(refunds[0].paymentID == "918812", "a number id reads as its text")
    #expect(refunds[0].amount == Money(minorUnits: 10_081, currency: "INR"))
    #expect(refunds[0].arn == "RF12312" && refunds[1].arn == nil)
    #expect(refunds.map(\.type) == ["merchant initiated", "auto refund"])
    #expect(refunds[0].processedAt?.iso8601 == "2021-07-25T12:57:52+05:30" && refunds[1].processedAt == nil)
    let table = SnapshotRenderer(style: .plain).parts(.refunds(refunds))
    #expect(table.contains("REF-123") && table.contains("success (SUCCESS)") && table.contains("₹100.81"))
    #expect(table.contains("onhold (ONHOLD)") && table.contains("auto refund"))
    #expect(Set(OrderParts.refunds(refunds).mapping.map(\.field)).isSuperset(of: ["status", "amount", "arn", "type"]))
  }

  @Test func everyStatusWordHasItsMeaning() {
    #expect(
      ["SUCCESS", "PENDING", "ONHOLD", "CANCELLED", "FAILED", "REVERSED"].map(CashfreeRefunds.status) == [
        .success, .pending, .onHold, .cancelled, .failed, .unknown,
      ])
  }
}
