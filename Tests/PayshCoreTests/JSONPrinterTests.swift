import PayshJSON
import Testing

@testable import PayshCore

@Suite("JSON printer")
struct JSONPrinterTests {
  static let nested =
    #"{"order":{"id":"o1","amount":22.00,"tags":{},"items":[],"paid":true,"note":null},"list":[1,[2,-3.5e1]]}"#

  @Test func prettyNestedExactly() throws {
    let value = try JSONParser.parse(Self.nested)
    let expected = """
      {
        "order": {
          "id": "o1",
          "amount": 22.00,
          "tags": {},
          "items": [],
          "paid": true,
          "note": null
        },
        "list": [
          1,
          [
            2,
            -3.5e1
          ]
        ]
      }
      """
    #expect(JSONPrinter().pretty(value) == expected)
  }

  @Test func indentWidthAndSortedKeys() throws {
    let value = try JSONParser.parse(#"{"b":[1],"a":{"d":1,"c":2},"b":0}"#)
    let expected = """
      {
          "a": {
              "c": 2,
              "d": 1
          },
          "b": [
              1
          ],
          "b": 0
      }
      """
    #expect(JSONPrinter(indent: 4, sortKeys: true).pretty(value) == expected)
    #expect(JSONPrinter(indent: 0).pretty(.array([.null])) == "[\nnull\n]")
  }

  @Test func scalarsAndEmptiesAtTopLevel() {
    let printer = JSONPrinter()
    #expect(printer.pretty(.null) == "null")
    #expect(printer.pretty(.bool(false)) == "false")
    #expect(printer.pretty(.number(JSONNumber(text: "1.50"))) == "1.50")
    #expect(printer.pretty(.string("a")) == "\"a\"")
    #expect(printer.pretty(.array([])) == "[]")
    #expect(printer.pretty(.object(JSONObject())) == "{}")
  }

  @Test func colourOn() throws {
    let value = try JSONParser.parse(#"{"k":["s",1.0,true,null,{}]}"#)
    let esc = "\u{1B}["
    let expected = """
      {
        \(esc)1;34m"k"\(esc)0m: [
          \(esc)32m"s"\(esc)0m,
          \(esc)36m1.0\(esc)0m,
          \(esc)33mtrue\(esc)0m,
          \(esc)35mnull\(esc)0m,
          {}
        ]
      }
      """
    #expect(JSONPrinter(style: .ansi).pretty(value) == expected)
  }

  @Test func colourOffHasNoEscapes() throws {
    let value = try JSONParser.parse(Self.nested)
    let plain = JSONPrinter(style: .plain).pretty(value)
    #expect(!plain.contains("\u{1B}"))
    #expect(plain == JSONPrinter().pretty(value))
    #expect(JSONPrinter(style: .ansi).pretty(value).contains("\u{1B}[36m22.00\u{1B}[0m"))
  }

  /// Strings and their compact text.
  static let escapes: [(String, String)] = [
    ("plain", #""plain""#),
    ("q\"b\\s/", #""q\"b\\s/""#),
    ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
    ("\u{0}\u{1}\u{1B}\u{1F}", #""\u0000\u0001\u001b\u001f""#),
    ("\u{7F}₹😀 é", "\"\u{7F}₹😀 é\""),
    ("a\u{2028}b", "\"a\u{2028}b\""),
  ]

  @Test("string escaping", arguments: escapes)
  func escaping(_ text: String, _ expected: String) throws {
    #expect(JSONPrinter.compact(.string(text)) == expected)
    #expect(JSONPrinter.quoted(text) == expected)
    #expect(try JSONParser.parse(expected) == .string(text))
  }

  @Test func keysAreEscapedToo() {
    let value = JSONValue.object(JSONObject([.init("a\"\n", .string("\u{1}"))]))
    #expect(JSONPrinter.compact(value) == #"{"a\"\n":"\u0001"}"#)
    #expect(JSONPrinter().pretty(value) == "{\n  \"a\\\"\\n\": \"\\u0001\"\n}")
  }

  /// Minified documents with no optional escapes: compact output must equal them byte for byte.
  static let minified = [
    #"{"cf_order_id":2149460581,"created_at":"2023-08-11T18:02:46+05:30","customer_details":{"customer_id":"409128494","customer_name":"Johmn Doe","customer_email":"pmlpayme@ntsas.com","customer_phone":"9876543210"},"entity":"order","order_amount":22.00,"order_currency":"INR","order_meta":{"return_url":"https://example.com/return/{order_id}","notify_url":"https://example.com/notify","payment_methods":"cc"},"order_splits":[],"order_status":"ACTIVE","order_tags":{"name":"John","age":"19"},"terminal_data":null}"#,
    #"{"status":true,"order":{"order_id":"1111111111111111","receipt_id":"MGI2222222222222333","amount":118,"currency":"INR","customer":{"name":"Jhon Doe","email":"Jhon@doe.com"},"notes":{"udf1":"Sync with #122","udf2":""},"additional_charges":0,"tpv":[],"created_at":"2024-04-05 12:19:24"}}"#,
    #"{"paylod":{"orderId":"12345","paymentStatus":"SUCCESS","totalAmount":5000,"voucherDetailsList":[{"cardNumber":"1234567890123456","pin":"1234"},{"cardNumber":"6543210987654321","pin":"5678"}]},"response_message":"Success","response_code":"0"}"#,
    #"[{"cf_payment_id":12376123,"payment_amount":1.10,"payment_status":"SUCCESS","is_captured":true,"error_details":null,"x":-0.5e-7,"y":"line\nbreak \"quoted\" ₹"}]"#,
  ]

  @Test("compact output equals minified input", arguments: minified)
  func compactIsByteExact(_ text: String) throws {
    let value = try JSONParser.parse(text)
    #expect(JSONPrinter.compact(value) == text)
    #expect(try JSONParser.parse(JSONPrinter().pretty(value)) == value)
    #expect(try JSONParser.parse(JSONPrinter(style: .plain, indent: 3).pretty(value)) == value)
  }

  @Test func compactNormalisesOptionalEscapesAndWhitespace() throws {
    let value = try JSONParser.parse(#"{ "a" : "\u0041\/\u20ac" , "b" : [ 1 , 2 ] }"#)
    #expect(JSONPrinter.compact(value) == #"{"a":"A/€","b":[1,2]}"#)
  }

  @Test func roundTripOfBuiltValues() throws {
    let values: [JSONValue] = [
      .null, .bool(true), .string(""), .string("\u{0}\u{10FFFF}\\"), .number(JSONNumber(text: "-0.0e+10")),
      .array([.array([.array([])]), .object(JSONObject())]),
      .object(JSONObject([.init("", .null), .init("", .bool(false)), .init("k", .array([.string("v")]))])),
    ]
    for value in values {
      #expect(try JSONParser.parse(JSONPrinter.compact(value)) == value)
      #expect(try JSONParser.parse(JSONPrinter(style: .ansi).pretty(value).strippingANSI) == value)
    }
  }
}

extension String {
  /// The text without ANSI SGR sequences (`ESC [ … m`).
  fileprivate var strippingANSI: String {
    var result = ""
    var skipping = false
    for character in self {
      if character == "\u{1B}" {
        skipping = true
      } else if skipping {
        if character == "m" { skipping = false }
      } else {
        result.append(character)
      }
    }
    return result
  }
}
