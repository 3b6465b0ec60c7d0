import Testing

@testable import PayshCore

/// One rule for case, the empty needle, and a failure that says when the types differ.
@Suite("Expect rules")
struct ExpectRulesTests {
  func outcome(_ text: String) throws -> Predicate.Outcome {
    let (snapshot, body) = try PredicateTests.snapshot()
    return try Predicate(words: PredicateTests.words(text)).evaluate(snapshot, body: body)
  }

  @Test(arguments: [
    ".order_id contains \"\"", "raw_status contains \"\"", "merchant_order_id contains \"\"",
  ])
  func theEmptyNeedleIsInEveryString(_ text: String) throws {
    #expect(try outcome(text).passed, "\(text)")
  }

  @Test(arguments: [
    ("status == Paid", true), ("gateway == Cashfree", true), ("gateway == CASHFREE", true),
    ("currency == inr", true), ("environment == Local", true), ("raw_status == paid", true),
    ("gateway != Cashfree", false), ("status contains PA", true), ("currency contains in", true),
    ("merchant_order_id == O1", false), ("version == 2025-01-01", true),
  ])
  func keywordFieldsIgnoreCaseAndFreeStringsDoNot(_ text: String, _ expected: Bool) throws {
    #expect(try outcome(text).passed == expected, "\(text)")
  }

  @Test func aFailureSaysWhenTheTypesDiffer() throws {
    let numberAgainstString = try outcome(".cf_order_id == 5000000104")
    #expect(!numberAgainstString.passed)
    #expect(numberAgainstString.actual == "the string \"5000000102\", not a number")
    let stringAgainstNumber = try outcome(".order_amount == \"170.00\"")
    #expect(stringAgainstNumber.actual == "the number 170.00, not a string")
    let sameType = try outcome(".order_status == \"OPEN\"")
    #expect(sameType.actual == "\"PAID\"", "no note when the types agree")
  }
}
