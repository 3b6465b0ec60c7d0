import PayshCore
import PayshJSON
import Testing

/// Conditions as `expect` and `watch --until` read them, checked against a stored answer.
@Suite("Predicates")
struct PredicateTests {
  static let body = #"""
    {"order_id":"o1","order_amount":170.00,"order_status":"PAID","cf_order_id":"5000000102",
     "payments":[{"cf_payment_id":1,"payment_status":"FAILED"},{"cf_payment_id":2,"payment_status":"SUCCESS"}],
     "customer_details":{"customer_email":"asha@example.com"},"terminal_data":null}
    """#

  static func snapshot() throws -> (Snapshot, JSONValue) {
    let order = Order(
      gateway: "cashfree", environment: "local", merchantOrderID: "o1", gatewayOrderID: "5000000102",
      amount: Money(minorUnits: 17_000, currency: "INR"), paidAmount: Money(minorUnits: 17_000, currency: "INR"),
      status: .paid, rawStatus: "PAID")
    let snapshot = Snapshot(
      number: 1, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "order", orderID: "o1",
      method: "GET", url: "http://x/pg/orders/o1", requestHeaders: [], requestBody: nil, status: 200,
      responseHeaders: [],
      body: Array(body.utf8), fetchedAt: "2026-01-01T00:00:00Z", latencyMicroseconds: 12_345, retries: [], order: order)
    return (snapshot, try JSONParser.parse(Array(body.utf8)))
  }

  static func words(_ text: String) -> [(text: String, quoted: Bool)] {
    text.split(separator: " ").map { word in
      word.hasPrefix("\"") ? (String(word.dropFirst().dropLast()), true) : (String(word), false)
    }
  }

  @Test(arguments: [
    ("status == paid", true), ("status == PAID", true), ("status != paid", false), ("status == open", false),
    ("amount == 170", true), ("amount == 170.00", true), ("amount == ₹170.00", true), ("amount > 169.99", true),
    ("amount < 170", false), ("http == 200", true), ("http >= 400", false), ("latency < 13", true),
    ("latency < 12", false), ("latency < 13ms", true), ("latency > 0.0001s", true), ("latency < 0.0001s", false),
    ("latency < 1s", true), ("latency > 0.01s", true),
    (".order_amount == 170", true), (".order_amount >= 170.01", false),
    (".order_status == \"PAID\"", true), (".order_status == PAID", true), (".cf_order_id == 5000000102", false),
    (".cf_order_id == \"5000000102\"", true),
    (".order_amount == \"170.00\"", false), (".order_amount != \"170\"", true),
    (".payments count 2", true), (".payments[].cf_payment_id count 2", true), (".payments[1] count 2", true),
    (".payments[] count 2", true), ("amount > 169.995", true), ("amount < 170.001", true),
    ("amount < 1e999999", true), ("amount <= 100000000000000000000", true), ("amount > 170.00001", false),
    (".payments count >= 3", false), (".payments[].cf_payment_id > 0", true),
    (".payments[].payment_status == SUCCESS", false), (".payments[1].payment_status == \"SUCCESS\"", true),
    (".payments exists", true), (".refunds exists", false), (".terminal_data == null", true),
    (".customer_details.customer_email matches @example\\.com$", true), (".order_id contains o", true),
    (".customer_details contains customer_email", true), ("customer_email == asha@example.com", false),
    ("merchant_order_id == o1", true), ("version == 2025-01-01", true), (".missing != 1", true),
  ])
  func conditionHoldsOrNot(_ text: String, _ expected: Bool) throws {
    let (snapshot, body) = try PredicateTests.snapshot()
    let predicate = try Predicate(words: PredicateTests.words(text))
    #expect(try predicate.evaluate(snapshot, body: body).passed == expected, "\(text)")
  }

  @Test func failureShowsActualAndExpected() throws {
    let (snapshot, body) = try PredicateTests.snapshot()
    let outcome = try Predicate(words: PredicateTests.words("status == open")).evaluate(snapshot, body: body)
    #expect(outcome.actual == "paid (PAID)")
    #expect(outcome.expected == "== open")
    let missing = try Predicate(words: PredicateTests.words(".refunds[0].x == 1")).evaluate(snapshot, body: body)
    #expect(missing.actual.hasPrefix("nothing ("))
  }

  @Test(arguments: [
    ("", 0, "a condition needs a subject"), ("stauts == paid", 0, "did you mean status?"),
    ("status", 1, "needs a comparison"), ("status = paid", 1, "did you mean ==?"), ("status ==", 2, "needs a value"),
    (".a exists 1", 2, "exists takes no value"), (".a count x", 2, "whole number"), (".a[ == 1", 0, "invalid path"),
    (".a matches (", 2, "is not a pattern paysh matches"), ("http > abc", 2, "'abc' is not a number"),
    ("amount == lots", 2, "is not a number"), ("http == \"200\"", 2, "compare it with a number"),
    (".a matches (?=x)", 2, "look-around"), (".a matches (a)\\1", 2, "back-references"),
    ("latency < soon", 2, "is not a number"),
  ])
  func badConditionsSayWhichWordAndWhy(_ text: String, _ word: Int, _ message: String) {
    do {
      _ = try Predicate(words: PredicateTests.words(text))
      Issue.record("\(text) was accepted")
    } catch {
      #expect(error.word == word, "\(text)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }
}
