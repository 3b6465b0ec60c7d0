import PayshCore
import PayshJSON
import Testing

/// The diff engine on a table of cases: each pair of documents and the changes it must report, as
/// `op path` lines (values left out where the path says enough).
@Suite("JSON diff engine")
struct JSONDiffTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var old: String
    var new: String
    var expected: [String]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "key order does not matter", old: #"{"a":1,"b":{"x":1,"y":2}}"#, new: #"{"b":{"y":2,"x":1},"a":1}"#,
      expected: []),
    Case(
      name: "numbers equal by value", old: #"{"a":170.00,"b":1e2,"c":-0}"#, new: #"{"a":170,"b":100,"c":0}"#,
      expected: []),
    Case(
      name: "a number that changed", old: #"{"a":170.00}"#, new: #"{"a":170.5}"#,
      expected: ["changed .a 170.00 → 170.5"]),
    Case(
      name: "nested change has the full path", old: #"{"a":{"b":{"c":[1,{"d":true}]}}}"#,
      new: #"{"a":{"b":{"c":[1,{"d":false}]}}}"#, expected: ["changed .a.b.c[1].d true → false"]),
    Case(
      name: "added and removed keys", old: #"{"a":1,"gone":"x"}"#, new: #"{"a":1,"new":[1]}"#,
      expected: [#"removed .gone "x" → –"#, "added .new – → [1]"]),
    Case(
      name: "type change", old: #"{"cf_order_id":2149460581}"#, new: #"{"cf_order_id":"2149460581"}"#,
      expected: [#"type_changed .cf_order_id 2149460581 → "2149460581""#]),
    Case(name: "null versus missing", old: #"{"a":null}"#, new: #"{}"#, expected: ["removed .a null → –"]),
    Case(
      name: "null versus a value", old: #"{"a":null}"#, new: #"{"a":{"k":1}}"#,
      expected: [#"type_changed .a null → {"k":1}"#]),
    Case(
      name: "unicode text", old: #"{"n":"Asha ₹"}"#, new: #"{"n":"Āsha ₹"}"#,
      expected: [#"changed .n "Asha ₹" → "Āsha ₹""#]),
    Case(
      name: "same text in another Unicode form is a change", old: "{\"n\":\"caf\u{E9}\"}",
      new: "{\"n\":\"cafe\u{301}\"}",
      expected: ["changed .n \"caf\u{E9}\" → \"cafe\u{301}\""]),
    Case(name: "empty objects", old: "{}", new: "{}", expected: []),
    Case(name: "empty arrays", old: "[]", new: "[]", expected: []),
    Case(name: "object becomes array at the top", old: "{}", new: "[]", expected: ["type_changed . {} → []"]),
    Case(
      name: "entities matched by id, not position",
      old: #"{"p":[{"cf_payment_id":1,"s":"PENDING"},{"cf_payment_id":2,"s":"FAILED"},{"cf_payment_id":3,"s":"X"}]}"#,
      new: #"{"p":[{"cf_payment_id":0,"s":"NEW"},{"cf_payment_id":1,"s":"SUCCESS"},{"cf_payment_id":2,"s":"FAILED"}]}"#,
      expected: [
        #"changed .p[cf_payment_id=1].s "PENDING" → "SUCCESS""#,
        #"removed .p[cf_payment_id=3] {"cf_payment_id":3,"s":"X"} → –"#,
        #"added .p[cf_payment_id=0] – → {"cf_payment_id":0,"s":"NEW"}"#,
      ]),
    Case(
      name: "string ids are quoted in the path",
      old: #"[{"refund_id":"rf_1","refund_status":"PENDING"}]"#,
      new: #"[{"refund_id":"rf_1","refund_status":"SUCCESS"}]"#,
      expected: [#"changed .[refund_id="rf_1"].refund_status "PENDING" → "SUCCESS""#]),
    Case(
      name: "an id that changes type still matches",
      old: #"[{"cf_payment_id":12,"a":1}]"#, new: #"[{"cf_payment_id":"12","a":1}]"#,
      expected: [#"type_changed .[cf_payment_id=12].cf_payment_id 12 → "12""#]),
    Case(
      name: "masked card numbers identify vouchers",
      old: #"[{"cardNumber":"XXXX1234","status":"ACTIVE"},{"cardNumber":"XXXX5678","status":"ACTIVE"}]"#,
      new: #"[{"cardNumber":"XXXX5678","status":"REDEEMED"},{"cardNumber":"XXXX1234","status":"ACTIVE"}]"#,
      expected: [#"changed .[cardNumber="XXXX5678"].status "ACTIVE" → "REDEEMED""#]),
    Case(
      name: "duplicate ids fall back to positions", old: #"[{"id":1,"v":1},{"id":1,"v":2}]"#,
      new: #"[{"id":1,"v":1},{"id":1,"v":3}]"#, expected: ["changed .[1].v 2 → 3"]),
    Case(name: "positions when lengths agree", old: "[1,2,3]", new: "[1,5,3]", expected: ["changed .[1] 2 → 5"]),
    Case(
      name: "an insertion does not shift the rest", old: "[1,2,3]", new: "[0,1,2,3]", expected: ["added .[0] – → 0"]),
    Case(
      name: "a deletion and an insertion elsewhere", old: #"["a","b","c","d"]"#, new: #"["a","c","d","e"]"#,
      expected: [#"removed .[1] "b" → –"#, #"added .[3] – → "e""#]),
    Case(
      name: "odd keys are quoted", old: #"{"a b":1,"ok_key":{"2x":1}}"#, new: #"{"a b":2,"ok_key":{"2x":2}}"#,
      expected: [#"changed .["a b"] 1 → 2"#, #"changed .ok_key["2x"] 1 → 2"#]),
  ]

  static func line(_ change: DiffChange) -> String {
    let old = change.old.map(JSONPrinter.compact) ?? "–"
    let new = change.new.map(JSONPrinter.compact) ?? "–"
    return "\(change.kind.rawValue) \(change.path) \(old) → \(new)"
  }

  @Test(arguments: cases)
  func diffCase(_ item: Case) throws {
    let result = JSONDiff().diff(try JSONParser.parse(Array(item.old.utf8)), try JSONParser.parse(Array(item.new.utf8)))
    #expect(result.changes.map(JSONDiffTests.line) == item.expected)
  }

  @Test func identicalDocumentsAreEquivalentAndDifferentOnesAreNot() throws {
    let a = try JSONParser.parse(Array(#"{"a":[1,2],"b":"x"}"#.utf8))
    let b = try JSONParser.parse(Array(#"{"b":"x","a":[1,2.0]}"#.utf8))
    let c = try JSONParser.parse(Array(#"{"b":"y","a":[1,2]}"#.utf8))
    #expect(JSONDiff.isEquivalent(a, b))
    #expect(!JSONDiff.isEquivalent(a, c))
  }

  @Test func longArraysWithoutIdsStayFastAndExact() throws {
    // 5,000 scalars, one changed near the start, one inserted at the end: the equal head and tail are
    // skipped, so the middle is small enough to align.
    var old = (0..<5_000).map { JSONValue.number(JSONNumber($0)) }
    var new = old
    new[10] = .string("ten")
    new.append(.number(JSONNumber(5_000)))
    var result = JSONDiff().diff(.array(old), .array(new))
    #expect(result.changes.map(JSONDiffTests.line) == [#"type_changed .[10] 10 → "ten""#, "added .[5000] – → 5000"])
    // A long differing stretch goes by position instead of an N² alignment.
    old = (0..<3_000).map { JSONValue.number(JSONNumber($0)) }
    new = (0..<3_001).map { JSONValue.number(JSONNumber($0 + 1)) }
    result = JSONDiff().diff(.array(old), .array(new))
    #expect(result.changes.count == 3_001)
    #expect(result.changes.last.map(JSONDiffTests.line) == "added .[3000] – → 3001")
  }

  @Test func ignoreRulesHideAndCount() throws {
    let old = try JSONParser.parse(
      Array(
        #"{"payment_session_id":"s1","meta":{"payment_session_id":"s1","url":"a"},"p":[{"id":1,"auth":"x","v":1}]}"#
          .utf8))
    let new = try JSONParser.parse(
      Array(
        #"{"payment_session_id":"s2","meta":{"payment_session_id":"s2","url":"b"},"p":[{"id":1,"auth":"y","v":2}]}"#
          .utf8))
    let rules = [try IgnoreRule("payment_session_id"), try IgnoreRule(".p[].auth"), try IgnoreRule(".meta.url")]
    let result = JSONDiff(ignore: rules).diff(old, new)
    #expect(result.changes.map(JSONDiffTests.line) == ["changed .p[id=1].v 1 → 2"])
    #expect(
      result.ignored == [
        .init(rule: "payment_session_id", count: 2), .init(rule: ".p[].auth", count: 1),
        .init(rule: ".meta.url", count: 1),
      ])
    let unchanged = JSONDiff(ignore: rules).diff(old, old)
    #expect(unchanged.isEmpty && unchanged.ignored.isEmpty, "rules count only what differs")
  }

  @Test func ignoreRulesTakePathsAsDiffPrintsThem() throws {
    let old = try JSONParser.parse(
      Array(#"{"r":[{"refund_id":"r1","s":"P","n":1},{"refund_id":"r2","s":"P","n":1}]}"#.utf8))
    let new = try JSONParser.parse(
      Array(#"{"r":[{"refund_id":"r1","s":"S","n":2},{"refund_id":"r2","s":"S","n":2}]}"#.utf8))
    let full = JSONDiff().diff(old, new).changes.map(\.path.description)
    #expect(full.first == #".r[refund_id="r1"].s"#)
    let rule = try IgnoreRule(#".r[refund_id="r1"]"#)
    let result = JSONDiff(ignore: [rule]).diff(old, new)
    #expect(result.changes.map(\.path.description) == [#".r[refund_id="r2"].s"#, #".r[refund_id="r2"].n"#])
    #expect(result.ignored == [.init(rule: #".r[refund_id="r1"]"#, count: 1)])
  }

  @Test(arguments: [("a.b", 1), (".a..b", 4), (".a[x]", 4), (".a[", 4), ("", 1), (".a[\"k", 6), (".", 1)])
  func badIgnoreRulesSayWhere(_ text: String, _ column: Int) {
    #expect(throws: IgnoreRuleError.self) { try IgnoreRule(text) }
    do {
      _ = try IgnoreRule(text)
    } catch {
      #expect(error.offset + 1 == column, "\(error)")
      #expect(error.description.contains("column \(column)"))
    }
  }
}
