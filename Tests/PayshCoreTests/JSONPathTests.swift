import PayshJSON
import Testing

@testable import PayshCore

@Suite("JSON paths")
struct JSONPathTests {
  /// Path text, its components, and its canonical rendering.
  static let forms: [(String, [JSONPath.Component], String)] = [
    (".", [], "."),
    (".order", [.member("order")], ".order"),
    (
      ".order.customer.customer_email", [.member("order"), .member("customer"), .member("customer_email")],
      ".order.customer.customer_email"
    ),
    (".[0].payment_status", [.index(0), .member("payment_status")], ".[0].payment_status"),
    ("[0]", [.index(0)], ".[0]"),
    ("[-1]", [.index(-1)], ".[-1]"),
    (
      ".voucherDetailsList[1].pin", [.member("voucherDetailsList"), .index(1), .member("pin")],
      ".voucherDetailsList[1].pin"
    ),
    (".a.[2]", [.member("a"), .index(2)], ".a[2]"),
    (".[\"any key\"]", [.member("any key")], ".[\"any key\"]"),
    (".a[\"b\"]", [.member("a"), .member("b")], ".a.b"),
    (".\"odd key\".x", [.member("odd key"), .member("x")], ".[\"odd key\"].x"),
    (".[\"q\\\"\\u0041\"]", [.member("q\"A")], ".[\"q\\\"A\"]"),
    (".[\"\"]", [.member("")], ".[\"\"]"),
    (".[\"9lives\"]", [.member("9lives")], ".[\"9lives\"]"),
    (".order-id._x9", [.member("order-id"), .member("_x9")], ".order-id._x9"),
    (".[]", [.iterate], ".[]"),
    ("[]", [.iterate], ".[]"),
    (".payments[].amount", [.member("payments"), .iterate, .member("amount")], ".payments[].amount"),
    (".a[][0]", [.member("a"), .iterate, .index(0)], ".a[][0]"),
    ("[3][-2]", [.index(3), .index(-2)], ".[3][-2]"),
  ]

  @Test("path forms", arguments: forms)
  func pathForm(_ text: String, _ components: [JSONPath.Component], _ rendered: String) throws {
    let path = try JSONPath.parse(text)
    #expect(path.components == components)
    #expect(path.render() == rendered)
    #expect(path.description == rendered)
    #expect(try JSONPath.parse(rendered) == path)
  }

  /// Bad path text, the message start and the column.
  static let errors: [(String, String, Int)] = [
    ("", "expected a path such as '.' or '.order'", 1),
    ("order", "a path starts with '.' or '[', found 'o'", 1),
    (".order.", "expected a name or '[' after '.'", 8),
    (".order.1", "expected a name or '[' after '.', found '1'", 8),
    ("..", "expected a name or '[' after '.', found '.'", 2),
    (".a b", "expected '.' or '[' after .a, found ' '", 3),
    (".a[", "expected an index, a quoted name or ']' after '['", 4),
    (".a[x]", "expected an index, a quoted name or ']' after '[', found 'x'", 4),
    (".a[1", "expected ']' to close the '[' at column 3, found the end", 5),
    (".a[1.5]", "expected ']' to close the '[' at column 3, found '.'", 5),
    (".a[-]", "expected digits after '-' in an index", 5),
    (".[99999999999999999999]", "index 99999999999999999999 is too large", 3),
    (".[\"abc]", "unterminated quoted name", 3),
    (".[\"a\\qb\"]", "invalid quoted name: invalid escape '\\q' in a string", 5),
    (".\"a\"x", "expected '.' or '[' after .a, found 'x'", 5),
  ]

  @Test("path errors", arguments: errors)
  func pathError(_ text: String, _ message: String, _ column: Int) throws {
    let error = try #require(throws: JSONPathError.self) { try JSONPath.parse(text) }
    #expect(error.message == message)
    #expect(error.column == column)
    #expect(error.description == "\(message) at column \(column)")
  }

  static let order = #"""
    {"cf_order_id": 2149460581, "order_id": "order_1", "order_amount": 22.00,
     "customer_details": {"customer_id": "409128494", "customer_email": "a@b.c"},
     "payments": [{"amount": 1.10, "status": "FAILED"}, {"amount": 22.00, "status": "SUCCESS"}],
     "order_tags": {}, "odd key": true, "order_splits": []}
    """#

  @Test func evaluatesOnOrder() throws {
    let doc = try JSONParser.parse(Self.order)
    func values(_ text: String) throws -> [JSONValue] { try JSONPath.parse(text).resolve(in: doc).get() }
    #expect(try values(".") == [doc])
    #expect(try values(".customer_details.customer_email") == [.string("a@b.c")])
    #expect(try values(".payments[1].status") == [.string("SUCCESS")])
    #expect(try values(".payments[-1].status") == [.string("SUCCESS")])
    #expect(try values(".payments[-2].amount") == [.number(JSONNumber(text: "1.10"))])
    #expect(try values(".payments[].status") == [.string("FAILED"), .string("SUCCESS")])
    #expect(try values(".customer_details[]") == [.string("409128494"), .string("a@b.c")])
    #expect(try values(".order_splits[]") == [])
    #expect(try values(".[\"odd key\"]") == [.bool(true)])
    #expect(try JSONPath.parse(".order_amount").value(in: doc) == .number(JSONNumber(text: "22.00")))
    #expect(try JSONPath.parse(".payments[].amount").value(in: doc) == nil)
    #expect(try JSONPath.parse(".nope").evaluate(doc) == [])
  }

  @Test func topLevelArray() throws {
    let doc = try JSONParser.parse(#"[{"cf_payment_id": 12376123, "payment_status": "SUCCESS"}]"#)
    #expect(try JSONPath.parse(".[0].payment_status").value(in: doc) == .string("SUCCESS"))
    #expect(try JSONPath.parse("[0].cf_payment_id").value(in: doc)?.numberValue?.text == "12376123")
  }

  /// Paths that miss, and the message each must give.
  static let misses: [(String, String)] = [
    (
      ".ordr",
      "no member 'ordr' at . (members: cf_order_id, order_id, order_amount, customer_details, payments, "
        + "order_tags, odd key, order_splits); did you mean 'order_id'?"
    ),
    (
      ".customer_details.email",
      "no member 'email' at .customer_details (members: customer_id, customer_email); did you mean 'customer_email'?"
    ),
    (".customer_details.phone", "no member 'phone' at .customer_details (members: customer_id, customer_email)"),
    (
      ".customer_details.customer_emial",
      "no member 'customer_emial' at .customer_details (members: customer_id, customer_email); "
        + "did you mean 'customer_email'?"
    ),
    (".order_tags.x", "no member 'x' at .order_tags (an empty object)"),
    (".payments[2]", "no element [2] at .payments (an array of 2 elements)"),
    (".payments[-3]", "no element [-3] at .payments (an array of 2 elements)"),
    (".order_splits[0]", "no element [0] at .order_splits (an empty array)"),
    (".payments[-1].amount.value", "cannot read member 'value' at .payments[1].amount: it is a number, not an object"),
    (".customer_details[0]", "cannot read [0] at .customer_details: it is an object, not an array"),
    (".order_id[]", "cannot iterate with [] at .order_id: it is a string, not an array or object"),
    (".payments[].fee", "no member 'fee' at .payments[0] (members: amount, status)"),
    (".payments[].status.x", "cannot read member 'x' at .payments[0].status: it is a string, not an object"),
  ]

  @Test("misses explain themselves", arguments: misses)
  func miss(_ text: String, _ message: String) throws {
    let doc = try JSONParser.parse(Self.order)
    let result = try JSONPath.parse(text).resolve(in: doc)
    guard case .failure(let miss) = result else {
      Issue.record("\(text) found \(result)")
      return
    }
    #expect(miss.description == message)
  }

  @Test func missCarriesStructuredFacts() throws {
    let doc = try JSONParser.parse(Self.order)
    let result = try JSONPath.parse(".payments[].fee").resolve(in: doc)
    guard case .failure(let miss) = result else {
      Issue.record("expected a miss")
      return
    }
    #expect(miss.path == JSONPath([.member("payments"), .index(0)]))
    #expect(miss.reason == .noMember("fee", available: ["amount", "status"]))
    #expect(miss.suggestion == nil)
  }

  @Test func manyMembersAreElided() throws {
    let members = (1...10).map { JSONObject.Member("k\($0)", .null) }
    let doc = JSONValue.object(JSONObject(members))
    guard case .failure(let miss) = try JSONPath.parse(".zzz").resolve(in: doc) else {
      Issue.record("expected a miss")
      return
    }
    #expect(miss.description == "no member 'zzz' at . (members: k1, k2, k3, k4, k5, k6, k7, k8, …)")
  }

  @Test func pathTextBuilders() {
    #expect(JSONPath.appending(key: "payments", to: ".") == ".payments")
    #expect(JSONPath.appending(key: "payments", to: "") == ".payments")
    #expect(JSONPath.appending(index: 3, to: ".payments") == ".payments[3]")
    #expect(JSONPath.appending(key: "amount", to: ".payments[3]") == ".payments[3].amount")
    #expect(JSONPath.appending(index: 0, to: ".") == ".[0]")
    #expect(JSONPath.appending(key: "odd key", to: ".") == ".[\"odd key\"]")
    #expect(JSONPath.appending(key: "odd key", to: ".a") == ".a[\"odd key\"]")
    #expect(JSONPath.appending(key: "a\"b", to: ".") == ".[\"a\\\"b\"]")
    #expect(JSONPath.appending(key: "₹", to: ".") == ".[\"₹\"]")
    #expect(JSONPath.isName("order_id") && JSONPath.isName("_a-1") && !JSONPath.isName("1a"))
    #expect(!JSONPath.isName("") && !JSONPath.isName("-a") && !JSONPath.isName("a.b"))
  }

  @Test func buildersAgreeWithParse() throws {
    let keys = ["plain", "odd key", "", "9", "a\"b\\c", "é", "x-y"]
    for key in keys {
      let text = JSONPath.appending(index: -2, to: JSONPath.appending(key: key, to: "."))
      #expect(try JSONPath.parse(text) == JSONPath([.member(key), .index(-2)]), "\(text)")
      #expect(JSONPath([.member(key), .index(-2)]).render() == text)
    }
    #expect(JSONPath.identity.appending(.member("a")).appending(.iterate).render() == ".a[]")
    #expect(JSONPath([.member("a"), .index(1)]).parent == JSONPath([.member("a")]))
    #expect(JSONPath.identity.parent == nil)
    #expect(JSONPath([.iterate]).iterates && !JSONPath([.index(0)]).iterates)
  }
}
