import PayshJSON
import Testing

@testable import PayshCore

/// What the parser must keep exactly: number text, member order, duplicates, deep nesting rules.
@Suite("JSON fidelity")
struct JSONFidelityTests {
  /// The Cashfree order example from the docs seed (trimmed).
  static let cashfreeOrder = """
    {
      "cf_order_id": 2149460581,
      "created_at": "2023-08-11T18:02:46+05:30",
      "customer_details": {
        "customer_id": "409128494",
        "customer_email": "pmlpayme@ntsas.com"
      },
      "entity": "order",
      "order_amount": 22.00,
      "order_currency": "INR",
      "order_splits": [],
      "order_status": "ACTIVE",
      "order_tags": {
        "name": "John",
        "age": "19"
      },
      "terminal_data": null
    }
    """

  @Test func cashfreeOrderKeepsOrderAndNumberText() throws {
    let value = try JSONParser.parse(Self.cashfreeOrder)
    guard case .object(let order) = value else {
      Issue.record("not an object")
      return
    }
    #expect(
      order.keys == [
        "cf_order_id", "created_at", "customer_details", "entity", "order_amount", "order_currency",
        "order_splits", "order_status", "order_tags", "terminal_data",
      ])
    #expect(order["order_amount"] == .number(JSONNumber(text: "22.00")))
    #expect(order["cf_order_id"]?.numberValue?.intValue == 2_149_460_581)
    #expect(order["order_splits"] == .array([]))
    #expect(order["terminal_data"] == .null)
    guard case .object(let tags) = order["order_tags"] else {
      Issue.record("order_tags is not an object")
      return
    }
    #expect(tags.keys == ["name", "age"], "not sorted: name before age as written")
  }

  @Test func numberTextIsKeptVerbatim() throws {
    let literals = ["22.00", "1.10", "0.000", "-0", "-0.0", "1e2", "1E-7", "2.50E+03", "118", "170.000000000000000001"]
    let value = try JSONParser.parse("[" + literals.joined(separator: ",") + "]")
    #expect(value == .array(literals.map { .number(JSONNumber(text: $0)) }))
  }

  @Test func bigIdsAreNotRounded() throws {
    let value = try JSONParser.parse(
      #"{"id": 1234567890123456789, "big": 123456789012345678901234567890, "f": 9007199254740993}"#)
    #expect(value["id"]?.numberValue?.text == "1234567890123456789")
    #expect(value["id"]?.numberValue?.intValue == 1_234_567_890_123_456_789)
    #expect(value["big"]?.numberValue?.text == "123456789012345678901234567890")
    #expect(value["big"]?.numberValue?.intValue == nil)
    #expect(value["f"]?.numberValue?.text == "9007199254740993", "2^53 + 1 would round through Double")
  }

  @Test func duplicateKeysAreKeptInOrder() throws {
    let value = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
    guard case .object(let object) = value else {
      Issue.record("not an object")
      return
    }
    #expect(object.keys == ["a", "b", "a"])
    #expect(object.members.map(\.value) == [1, 2, 3].map { .number(JSONNumber($0)) })
    #expect(object["a"] == .number(JSONNumber(3)), "lookup takes the last member of a name, as jq does")
    #expect(object.resolvedMembers.map(\.key) == ["a", "b"], "one per name, where it first appears")
    #expect(object.resolvedMembers.first?.value == .number(JSONNumber(3)))
  }

  @Test func keysWithEscapesAndUnicode() throws {
    let value = try JSONParser.parse(#"{"na\u006De": 1, "₹": 2, "a\"b": 3, "": 4}"#)
    guard case .object(let object) = value else {
      Issue.record("not an object")
      return
    }
    #expect(object.keys == ["name", "₹", "a\"b", ""])
  }

  @Test func depthLimit() throws {
    let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    _ = try JSONParser.parse(deepest)
    let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(tooDeep) }
    #expect(error.message == "arrays and objects nest deeper than 512 levels")
    #expect(error.column == 513)
    let objects = String(repeating: #"{"a":"#, count: 4) + "1" + String(repeating: "}", count: 4)
    _ = try JSONParser.parse(objects, maximumDepth: 4)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(objects, maximumDepth: 3) }
    #expect(throws: JSONParseError.self) { try JSONParser.parse("[[{}]]", maximumDepth: 2) }
  }

  @Test func hostileNestingFailsCleanly() throws {
    let bomb = String(repeating: "[", count: 1_000_000)
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bomb) }
    #expect(error.offset == 512)
  }

  @Test func nonContiguousInput() throws {
    let bytes = Array(#"{"a": [1, "x"]}"#.utf8)
    let lazy = bytes.lazy.map { $0 }
    #expect(try JSONParser.parse(lazy) == JSONParser.parse(bytes))
    #expect(try JSONParser.parse(Substring("xx[1]").dropFirst(2)) == .array([.number(JSONNumber(1))]))
  }

  @Test func enkashSeedExample() throws {
    let text = """
      {
      "paylod": {
      "orderId": "12345",
      "paymentStatus": "SUCCESS",
      "totalAmount": 5000,
      "voucherDetailsList": [
      {
      "cardNumber": "1234567890123456",
      "pin": "1234",
      "expiryDate": "2025-12-31T23:59:59"
      },
      {
      "cardNumber": "6543210987654321",
      "pin": "5678",
      "expiryDate": "2026-06-30T23:59:59"
      }
      ]
      },
      "response_message": "Success",
      "response_code": "0"
      }
      """
    let value = try JSONParser.parse(text)
    #expect(value["paylod"]?["voucherDetailsList"]?[1]?["pin"] == .string("5678"))
    #expect(value["response_code"] == .string("0"))
    #expect(value["paylod"]?["totalAmount"] == .number(JSONNumber(5000)))
  }
}
