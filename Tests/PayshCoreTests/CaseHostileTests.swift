import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// Cases built from crafted answers (a hostile gateway, or a shared `.paysh` file): amounts near the edge of an
/// Int, gateway words that try to start a line of their own, answers too big to judge pair by pair. Nothing
/// here may trap, hang, or reach the terminal raw.
@Suite("Hostile cases")
struct CaseHostileTests {
  typealias Fixture = CheckRuleTests

  /// 9e16 rupees: 9e18 paise, an Int; two of them are not.
  static let huge = "90000000000000000"

  static func build(
    order: String = Fixture.order("PAID"), payments: [String], refunds: [String] = [],
    settlement: String = Fixture.settled
  ) -> OrderCase {
    let snapshots = [
      Fixture.snapshot(1, "order", order),
      Fixture.snapshot(2, "payments", "[" + payments.joined(separator: ",") + "]"),
      Fixture.snapshot(3, "refunds", "[" + refunds.joined(separator: ",") + "]"),
      Fixture.snapshot(4, "settlements", settlement, status: settlement.isEmpty ? 404 : 200),
    ]
    return CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: snapshots)
  }

  /// The case judged, summed and shown both ways: what `case` does with it.
  static func shown(_ orderCase: OrderCase) -> (CheckReport, CaseSummary, String, String) {
    let summary = CaseSummary(orderCase)
    let report = CheckRules.run(orderCase)
    let text = CaseRenderer(style: .plain).render(orderCase, summary, report)
    let json = JSONPrinter(style: .plain).pretty(CaseJSON.whole(orderCase, summary, report))
    return (report, summary, text, json)
  }

  @Test func paymentsWhoseSumOverflowsAnIntDoNotTrap() throws {
    let orderCase = Self.build(
      payments: [
        Fixture.payment("p1", "SUCCESS", amount: Self.huge),
        Fixture.payment("p2", "SUCCESS", amount: Self.huge, time: "2025-01-15T10:03:00+05:30"),
      ], settlement: "")
    let (report, summary, text, json) = Self.shown(orderCase)
    #expect(report.verdicts.map(\.rule).contains("double_charge"))
    #expect(summary.totals.paid == nil, "a total that does not fit is not known")
    #expect(text.contains("double_charge"))
    #expect((try? JSONParser.parse(json)) != nil)
  }

  @Test func refundsWhoseSumOverflowsAreStillAnOverRefund() {
    let orderCase = Self.build(
      payments: [Fixture.payment("p1", "SUCCESS")],
      refunds: [
        Fixture.refund("r1", "SUCCESS", amount: Self.huge), Fixture.refund("r2", "PENDING", amount: Self.huge),
      ])
    let (report, summary, _, _) = Self.shown(orderCase)
    let over = report.verdicts.filter { $0.rule == "over_refund" }
    #expect(over.count == 1 && over.first?.severity == .error, "\(report.verdicts)")
    #expect(over.first?.sentence.contains("an amount beyond ₹92,23,37,20,36,85,47,758.07") == true, "\(over)")
    #expect(!report.isOK)
    #expect(summary.totals.refunded != nil && summary.totals.refundPending != nil, "each alone fits")
  }

  @Test func theSettlementArithmeticIsExactPastAnInt() {
    // Int.max paise paid, a charge of -0.01 (the sum leaves an Int on the way) and a tax of 0.01: exactly
    // Int.max again, which is what was settled.
    let exact = """
      {"cf_settlement_id": "77", "cf_payment_id": "p1", "order_amount": 92233720368547758.07,
       "order_currency": "INR", "service_charge": -0.01, "service_tax": 0.01,
       "settlement_amount": 92233720368547758.07, "settlement_currency": "INR",
       "transfer_time": "2025-01-16T10:00:00+05:30", "transfer_utr": "UTR1"}
      """
    let quiet = Self.shown(Self.build(payments: [Fixture.payment("p1", "SUCCESS")], settlement: exact)).0
    #expect(!quiet.verdicts.contains { $0.rule == "settlement_mismatch" }, "\(quiet.verdicts)")

    let off = """
      {"cf_settlement_id": "77", "cf_payment_id": "p1", "order_amount": \(Self.huge), "order_currency": "INR",
       "service_charge": -\(Self.huge), "service_tax": 0, "settlement_amount": 1, "settlement_currency": "INR",
       "transfer_time": "2025-01-16T10:00:00+05:30", "transfer_utr": "UTR1"}
      """
    let loud = Self.shown(Self.build(payments: [Fixture.payment("p1", "SUCCESS")], settlement: off)).0
    let mismatch = loud.verdicts.filter { $0.rule == "settlement_mismatch" }
    #expect(mismatch.first?.severity == .error, "\(loud.verdicts)")
    #expect(mismatch.first?.sentence.contains("an amount beyond") == true, "\(mismatch)")
  }

  @Test func anAmountFarFromTheOrdersDoesNotTrap() {
    let orderCase = Self.build(
      order: Fixture.order("PAID", amount: "-\(Self.huge)"),
      payments: [Fixture.payment("p1", "SUCCESS", amount: Self.huge)], settlement: "")
    let (report, _, _, _) = Self.shown(orderCase)
    let unexplained = report.verdicts.filter { $0.rule == "amount_unexplained" }
    #expect(unexplained.first?.sentence.contains("an amount beyond") == true, "\(report.verdicts)")
  }

  @Test func aSurchargeWhoseSumOverflowsIsNotRead() throws {
    let surcharge =
      #", "payment_surcharge": {"payment_surcharge_service_charge": \#(Self.huge), "#
      + #""payment_surcharge_service_tax": \#(Self.huge)}"#
    let orderCase = Self.build(
      payments: [Fixture.payment("p1", "SUCCESS", extra: surcharge)], settlement: "")
    let payment = try #require(orderCase.payments.values.first)
    #expect(payment.surcharge == nil)
    #expect(payment.amount?.minorUnits == 100_000)
  }

  /// The currency is the gateway's word: in the money line and the settlement's rows it is escaped like
  /// every other value, so it cannot start a line of its own (a forged `check: ok`) or colour the screen.
  @Test func aCurrencyCannotStartALineOrColourTheScreen() {
    let forged = "INR\\n\\u001b[32mcheck: ok\\u001b[0m"
    let order = Fixture.order("PAID").replacingOccurrences(of: #""INR""#, with: "\"\(forged)\"")
    let settlement = Fixture.settled.replacingOccurrences(of: #""INR""#, with: "\"\(forged)\"")
    let payment = Fixture.payment("p1", "SUCCESS").replacingOccurrences(of: #""INR""#, with: "\"\(forged)\"")
    let orderCase = Self.build(order: order, payments: [payment], settlement: settlement)
    #expect(orderCase.order.values.first?.amount?.currency.contains("\n") == true, "the test reaches the renderer")
    let (_, _, text, json) = Self.shown(orderCase)
    #expect(!text.contains("\u{1B}"), "\(text)")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.filter { $0.hasPrefix("check") }.count == 1, "\(text)")
    #expect(!lines.contains { $0.hasPrefix("\u{1B}") || $0.hasPrefix("CHECK") }, "\(text)")
    #expect((try? JSONParser.parse(json)) != nil)
  }

  /// The reason a part is missing names the command that fetches it: the id is one quoted argument, never
  /// read as a snapshot reference, an option, or two words.
  @Test func theHintToFetchQuotesTheOrderID() {
    let expected = [
      "a b;drop all": "`case 'a b;drop all'`", "@1": "`case '@1'`", "--json": "`case '--json'`",
      "x\ny": "`case $'x\\ny'`", "cf_sim_paid": "`case cf_sim_paid`",
    ]
    for (id, hint) in expected {
      let order = Fixture.snapshot(1, "order", Fixture.order("PAID"), order: id)
      let orderCase = CaseBuilder.build(gateway: "cashfree", orderID: id, from: [order])
      #expect(orderCase.payments.missingReason?.contains(hint) == true, "\(id): \(orderCase.payments)")
    }
  }

  /// An answer of 20,000 successful attempts and 20,000 refunds of them that cover none: each extra charge
  /// looks up its refunds by payment id, never reading all of them again (4·10^8 reads; at 100,000 each, 10^10: the shell hung).
  @Test func aHugeDoubleChargeIsJudgedWithoutReadingEveryRefundPerCharge() {
    let count = 20_000
    let payments = (0..<count).map { #"{"cf_payment_id":"p\#($0 % 7)","payment_status":"SUCCESS","payment_amount":1}"# }
    let refunds = (0..<count).map { #"{"cf_payment_id":"p\#($0 % 7)","refund_status":"PENDING","refund_amount":0}"# }
    let orderCase = Self.build(payments: payments, refunds: refunds, settlement: "")
    #expect(orderCase.payments.items.count == count && orderCase.refunds.items.count == count)
    let report = CheckRules.run(orderCase)
    let doubles = report.verdicts.filter { $0.rule == "double_charge" }
    #expect(doubles.count == count - 1)
    #expect(doubles.allSatisfy { $0.severity == .error && $0.sentence.hasSuffix("and no refund covers it") })
  }

  /// The refund that covers an extra charge is still the first in the answer of at least its amount.
  @Test func theCoveringRefundIsTheFirstLargeEnough() {
    let payments = [
      Fixture.payment("p1", "SUCCESS"), Fixture.payment("p2", "SUCCESS", time: "2025-01-15T10:03:00+05:30"),
    ]
    let refunds = [
      Fixture.refund("r1", "PENDING", amount: "500", payment: "p2"),
      Fixture.refund("r2", "FAILED", amount: "1000", payment: "p2"),
      Fixture.refund("r3", "SUCCESS", amount: "1000", payment: "p2"),
      Fixture.refund("r4", "PENDING", amount: "2000", payment: "p2"),
    ]
    let report = CheckRules.run(Self.build(payments: payments, refunds: refunds, settlement: ""))
    let double = report.verdicts.filter { $0.rule == "double_charge" }
    #expect(double.count == 1 && double.first?.severity == .info, "\(report.verdicts)")
    #expect(double.first?.sentence.contains("refund r3") == true, "\(double)")
  }
}
