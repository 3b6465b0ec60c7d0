import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// Each rule of `check` on cases built from Cashfree-shaped answers: firing on the anomaly it names, quiet on
/// a healthy order, and "could not run" (never ok) when a part it needs is missing.
@Suite("Check rules")
struct CheckRuleTests {
  /// The moment every case here is judged at: 2025-01-15T12:30:00+05:30.
  static let date = "Wed, 15 Jan 2025 07:00:00 GMT"

  static func snapshot(
    _ number: Int, _ resource: String, _ body: String, status: Int = 200, order: String = "o1"
  )
    -> Snapshot
  {
    let bytes = Array(body.utf8)
    let normalized =
      resource == "order" && status < 300
      ? (try? JSONParser.parse(bytes)).flatMap { CashfreeNormalizer.order($0, environment: "local") } : nil
    return Snapshot(
      number: number, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: resource,
      orderID: order, method: "GET", url: "http://127.0.0.1/pg/orders/\(order)", requestHeaders: [],
      requestBody: nil, status: status, responseHeaders: [HTTPHeader("Date", date)], body: bytes,
      fetchedAt: "2025-01-15T07:00:00.000Z", latencyMicroseconds: 1000, retries: [], order: normalized)
  }

  static func order(_ status: String, amount: String = "1000") -> String {
    """
    {"order_id": "o1", "cf_order_id": "5001", "order_amount": \(amount), "order_currency": "INR",
     "order_status": "\(status)", "created_at": "2025-01-15T10:00:00+05:30",
     "order_expiry_time": "2025-02-14T10:00:00+05:30"}
    """
  }

  static func payment(
    _ id: String, _ status: String, amount: String = "1000", time: String = "2025-01-15T10:01:00+05:30",
    extra: String = ""
  ) -> String {
    """
    {"cf_payment_id": "\(id)", "payment_status": "\(status)", "payment_amount": \(amount),
     "payment_currency": "INR", "payment_time": "\(time)", "bank_reference": "B\(id)"\(extra)}
    """
  }

  static func refund(
    _ id: String, _ status: String, amount: String, payment: String = "p1", arn: String = "ARN1",
    created: String = "2025-01-15T11:00:00+05:30", processed: String = "2025-01-15T11:05:00+05:30",
    type: String = "MERCHANT_INITIATED"
  ) -> String {
    """
    {"refund_id": "\(id)", "cf_refund_id": "9\(id.count)", "cf_payment_id": "\(payment)", "refund_amount": \(amount),
     "refund_currency": "INR", "refund_status": "\(status)", "refund_arn": "\(arn)", "refund_type": "\(type)",
     "created_at": "\(created)", "processed_at": "\(status == "SUCCESS" ? processed : "")"}
    """
  }

  static let settled = """
    {"cf_settlement_id": "77", "cf_payment_id": "p1", "order_amount": 1000, "order_currency": "INR",
     "service_charge": 20, "service_tax": 3.6, "settlement_amount": 976.4, "settlement_currency": "INR",
     "transfer_time": "2025-01-16T10:00:00+05:30", "transfer_utr": "UTR1"}
    """

  /// The case of order, payments, refunds, settlement answers (nil: not stored).
  static func judge(
    order: String? = order("PAID"), payments: [String]? = [payment("p1", "SUCCESS")], refunds: [String]? = [],
    settlement: String? = settled, more: [Snapshot] = [], thresholds: CheckThresholds = CheckThresholds()
  ) -> CheckReport {
    var snapshots = more
    func add(_ resource: String, _ body: String, status: Int = 200) {
      snapshots.append(snapshot(snapshots.count + 1, resource, body, status: status))
    }
    if let order { add("order", order) }
    if let payments { add("payments", "[" + payments.joined(separator: ",") + "]") }
    if let refunds { add("refunds", "[" + refunds.joined(separator: ",") + "]") }
    if let settlement {
      add("settlements", settlement, status: settlement.isEmpty ? 404 : 200)
    }
    let orderCase = CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: snapshots)
    return CheckRules.run(orderCase, thresholds: thresholds)
  }

  static func rules(_ report: CheckReport) -> [String] { report.verdicts.map(\.rule) }

  @Test func aHealthyOrderIsOK() {
    let report = Self.judge()
    #expect(report.verdicts.isEmpty, "\(report.verdicts)")
    #expect(report.isOK && report.summary == "ok")
    #expect(report.asOf == Instant(iso8601: "2025-01-15T12:30:00+05:30"))
    #expect(report.asOfSource == "the Date header of @4")
  }

  @Test func paidWithoutPayment() {
    let report = Self.judge(payments: [Self.payment("p1", "FAILED")], settlement: "")
    #expect(Self.rules(report) == ["paid_without_payment"])
    #expect(report.verdicts[0].severity == .error)
    #expect(report.verdicts[0].evidence.map(\.description) == ["@1 .order_status", "@2 .[0].payment_status"])
    #expect(Self.rules(Self.judge(payments: [], settlement: "")) == ["paid_without_payment"])
  }

  @Test func chargedNotPaidAfterTheGraceWindowAndNotYetWithinIt() {
    let old = Self.judge(order: Self.order("ACTIVE"), settlement: "")
    #expect(Self.rules(old) == ["charged_not_paid"] && old.verdicts[0].severity == .error)
    #expect(old.verdicts[0].sentence.contains("2 h 29 min ago") && old.verdicts[0].sentence.contains("ACTIVE"))
    let recent = Self.judge(
      order: Self.order("EXPIRED"), payments: [Self.payment("p1", "SUCCESS", time: "2025-01-15T12:25:00+05:30")],
      settlement: "")
    #expect(Self.rules(recent) == ["charged_not_paid"] && recent.verdicts[0].severity == .info)
    #expect(recent.verdicts[0].sentence.contains("EXPIRED order still becomes PAID"))
    #expect(recent.isOK, "an info verdict is not a problem")
    var wide = CheckThresholds()
    wide.graceMinutes = 600
    #expect(Self.judge(order: Self.order("ACTIVE"), settlement: "", thresholds: wide).verdicts[0].severity == .info)
  }

  @Test func doubleChargeSaysWhetherARefundCoversTheExtra() {
    let payments = [
      Self.payment("p1", "SUCCESS"), Self.payment("p2", "SUCCESS", time: "2025-01-15T10:03:00+05:30"),
    ]
    let bare = Self.judge(payments: payments)
    #expect(Self.rules(bare) == ["double_charge"] && bare.verdicts[0].severity == .error)
    #expect(bare.verdicts[0].sentence.contains("payment p2") && bare.verdicts[0].sentence.contains("no refund"))
    let covered = Self.judge(
      payments: payments,
      refunds: [Self.refund("auto1", "SUCCESS", amount: "1000", payment: "p2", type: "PAYMENT_AUTO_REFUND")])
    #expect(Self.rules(covered) == ["double_charge"] && covered.verdicts[0].severity == .info)
    #expect(covered.verdicts[0].sentence.contains("auto refund"))
    let unknown = Self.judge(payments: payments, refunds: nil)
    #expect(unknown.verdicts[0].sentence.contains("not known"))
  }

  @Test func overRefundCountsPendingAndOnHold() {
    let report = Self.judge(refunds: [
      Self.refund("r1", "SUCCESS", amount: "600"), Self.refund("r2", "PENDING", amount: "300"),
      Self.refund("r3", "ONHOLD", amount: "200"), Self.refund("r4", "CANCELLED", amount: "900"),
    ])
    #expect(Self.rules(report) == ["over_refund"])
    #expect(report.verdicts[0].sentence.contains("₹1,100.00") && report.verdicts[0].sentence.contains("by ₹100.00"))
    #expect(Self.judge(refunds: [Self.refund("r1", "SUCCESS", amount: "1000")]).verdicts.isEmpty)
  }

  @Test func refundWithoutARNOrProcessedBeforeCreated() {
    let report = Self.judge(refunds: [
      Self.refund("r1", "SUCCESS", amount: "100", arn: ""),
      Self.refund("r2", "SUCCESS", amount: "100", processed: "2025-01-15T10:00:00+05:30"),
    ])
    #expect(Self.rules(report) == ["refund_without_arn", "refund_without_arn"])
    #expect(report.verdicts[0].evidence.map(\.description).contains("@3 .[0].refund_arn"))
    #expect(report.verdicts[1].sentence.contains("1 h before it was created"))
  }

  @Test func refundPendingLongAfterTheThreshold() {
    let old = Self.refund("r1", "PENDING", amount: "100", created: "2024-12-26T12:00:00+05:30")
    let report = Self.judge(refunds: [old])
    #expect(Self.rules(report) == ["refund_pending_long"])
    #expect(report.verdicts[0].sentence.contains("20 days"))
    var patient = CheckThresholds()
    patient.refundPendingDays = 30
    #expect(Self.judge(refunds: [old], thresholds: patient).verdicts.isEmpty)
  }

  @Test func settlementArithmeticIsExactInPaise() {
    let wrong = Self.settled.replacingOccurrences(of: "976.4", with: "977.4")
    let report = Self.judge(settlement: wrong)
    #expect(Self.rules(report) == ["settlement_mismatch"])
    #expect(report.verdicts[0].sentence.contains("= ₹976.40") && report.verdicts[0].sentence.contains("off by ₹1.00"))
    let adjusted = Self.settled.replacingOccurrences(of: "976.4", with: "776.4")
      .replacingOccurrences(of: "\"service_charge\"", with: "\"adjustment\": -200, \"service_charge\"")
    #expect(Self.judge(settlement: adjusted).verdicts.isEmpty, "an adjustment is part of the sum")
  }

  @Test func unsettledAfterTheThreshold() {
    let old = [Self.payment("p1", "SUCCESS", time: "2025-01-10T10:00:00+05:30")]
    #expect(Self.rules(Self.judge(payments: old, settlement: "")) == ["unsettled"])
    #expect(Self.judge(payments: old).verdicts.isEmpty, "settled")
    #expect(Self.judge(settlement: "").verdicts.isEmpty, "paid today: not due yet")
  }

  @Test func amountUnexplainedUnlessAnOfferOrSurcharge() {
    let less = [Self.payment("p1", "SUCCESS", amount: "900")]
    #expect(Self.rules(Self.judge(payments: less)) == ["amount_unexplained"])
    let offer = [
      Self.payment(
        "p1", "SUCCESS", amount: "900",
        extra: #", "payment_offers": [{"offer_id": "off-100", "offer_type": "DISCOUNT"}]"#)
    ]
    #expect(Self.judge(payments: offer).verdicts.isEmpty)
  }

  @Test func stuckAttemptAfterFifteenMinutes() {
    let report = Self.judge(
      order: Self.order("ACTIVE"), payments: [Self.payment("p1", "PENDING", time: "2025-01-15T11:30:00+05:30")],
      settlement: "")
    #expect(Self.rules(report) == ["stuck_attempt"])
    let fresh = Self.judge(
      order: Self.order("ACTIVE"), payments: [Self.payment("p1", "PENDING", time: "2025-01-15T12:25:00+05:30")],
      settlement: "")
    #expect(fresh.verdicts.isEmpty)
  }

  @Test func statusBackwardsAndLateAuthorisation() {
    let earlier = [
      Self.snapshot(1, "order", Self.order("PAID")),
      Self.snapshot(2, "payments", "[" + Self.payment("p1", "FAILED") + "]"),
    ]
    let report = Self.judge(order: Self.order("ACTIVE"), more: earlier)
    let rules = Self.rules(report)
    #expect(rules.contains("status_backwards") && rules.contains("late_authorisation"))
    let backwards = report.verdicts.first { $0.rule == "status_backwards" }
    #expect(backwards?.evidence.map(\.description) == ["@1 .order_status", "@3 .order_status"])
    #expect(report.verdicts.first { $0.rule == "late_authorisation" }?.severity == .info)
    #expect(CheckRules.wentBack(from: .expired, to: .paid) == false, "EXPIRED → PAID is legal")
  }

  @Test func aMissingPartIsNeverOK() {
    let report = Self.judge(payments: nil, refunds: nil, settlement: nil)
    #expect(!report.isOK)
    #expect(report.notRun.map(\.rule).contains("paid_without_payment"))
    #expect(report.notRun.first?.reason.contains("no payments answer stored") == true)
    let limited = Self.judge(refunds: nil)
    #expect(limited.notRun.map(\.rule) == ["over_refund", "refund_without_arn", "refund_pending_long"])
    #expect(limited.summary == "3 rules could not run")
  }

  @Test func aFailedPartSaysWhy() {
    var snapshots = [Self.snapshot(1, "order", Self.order("PAID"))]
    snapshots.append(Self.snapshot(2, "refunds", #"{"message": "too many requests"}"#, status: 429))
    let orderCase = CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: snapshots)
    #expect(orderCase.refunds.missingReason == "@2 answered HTTP 429: too many requests")
  }
}

extension CheckRuleTests {
  @Test func refundsInAnotherCurrencyAreNeverAddedAndSaidSo() {
    let dollars = Self.refund("r1", "SUCCESS", amount: "2000")
      .replacingOccurrences(of: "\"refund_currency\": \"INR\"", with: "\"refund_currency\": \"USD\"")
    let report = Self.judge(refunds: [dollars])
    #expect(Self.rules(report) == ["over_refund"], "\(report.verdicts)")
    #expect(report.verdicts.first?.severity == .info)
    #expect(report.verdicts.first?.sentence.contains("INR and USD") == true)
  }
}
