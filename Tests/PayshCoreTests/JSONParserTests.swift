import PayshJSON
import Testing

@testable import PayshCore

@Suite("JSON parser")
struct JSONParserTests {
  /// Valid documents and the value each must produce.
  static let valid: [(String, JSONValue)] = [
    ("null", .null),
    ("true", .bool(true)),
    (" \t\r\nfalse\n ", .bool(false)),
    ("0", .number(JSONNumber(text: "0"))),
    ("-0", .number(JSONNumber(text: "-0"))),
    ("22.00", .number(JSONNumber(text: "22.00"))),
    ("-1.5e3", .number(JSONNumber(text: "-1.5e3"))),
    ("1E+2", .number(JSONNumber(text: "1E+2"))),
    ("0.5e-0", .number(JSONNumber(text: "0.5e-0"))),
    ("\"\"", .string("")),
    ("\"a\\\"b\\\\c\\/d\"", .string("a\"b\\c/d")),
    ("\"\\b\\f\\n\\r\\t\"", .string("\u{8}\u{C}\n\r\t")),
    ("\"\\u0041\\u00e9\\u20AC\"", .string("Aé€")),
    ("\"\\uD83D\\uDE00\"", .string("😀")),
    ("\"₹ 22 – ok 😀\"", .string("₹ 22 – ok 😀")),
    ("\"\\u0000\"", .string("\u{0}")),
    ("[]", .array([])),
    ("{}", .object(JSONObject())),
    ("[ 1 , [ ] , { } ]", .array([.number(JSONNumber(1)), .array([]), .object(JSONObject())])),
    ("\u{FEFF}{\"a\":null}", .object(JSONObject([.init("a", .null)]))),
  ]

  @Test("valid documents", arguments: valid)
  func validDocument(_ text: String, _ expected: JSONValue) throws {
    #expect(try JSONParser.parse(text) == expected)
    #expect(try JSONParser.parse(Array(text.utf8)) == expected)
  }

  /// Invalid documents: the message (or a part of it), line and column.
  static let invalid: [(String, String, Int, Int)] = [
    ("", "unexpected end of input: expected a value", 1, 1),
    ("   ", "unexpected end of input: expected a value", 1, 4),
    ("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}", "expected ',' or '}' after a member", 3, 10),
    ("[1, 2,]", "trailing comma before ']'", 1, 7),
    ("{\"a\": 1,}", "trailing comma before '}'", 1, 9),
    ("{\"a\" 1}", "expected ':' after a member name", 1, 6),
    ("{a: 1}", "expected a member name in double quotes, found 'a'", 1, 2),
    ("[1 2]", "expected ',' or ']' after an element", 1, 4),
    ("[1", "unexpected end of input: expected ',' or ']' after an element", 1, 3),
    ("{\"a\":", "unexpected end of input: expected a value", 1, 6),
    ("1 2", "unexpected '2' after the JSON value", 1, 3),
    ("{} x", "unexpected 'x' after the JSON value", 1, 4),
    ("01", "leading zeros are not allowed in a number", 1, 1),
    ("-", "unexpected end of input: expected a digit after '-'", 1, 2),
    ("-a", "expected a digit after '-'", 1, 2),
    ("1.", "expected a digit after '.'", 1, 3),
    ("1.e3", "expected a digit after '.'", 1, 3),
    ("1e", "expected a digit in the number's exponent", 1, 3),
    ("1e+", "expected a digit in the number's exponent", 1, 4),
    ("+1", "a number cannot start with '+'", 1, 1),
    (".5", "unexpected '.': expected a value", 1, 1),
    ("NaN", "unexpected 'N': expected a value", 1, 1),
    ("tru", "invalid literal: expected 'true'", 1, 1),
    ("[nul]", "invalid literal: expected 'null'", 1, 2),
    ("True", "unexpected 'T': expected a value", 1, 1),
    ("'a'", "strings must use double quotes", 1, 1),
    ("// c\n1", "comments are not allowed in JSON", 1, 1),
    ("[1, /* c */ 2]", "comments are not allowed in JSON", 1, 5),
    ("[,1]", "expected a value, found ','", 1, 2),
    ("\"abc", "unterminated string", 1, 1),
    ("[\"a\nb\"]", "control character U+000A must be escaped in a string", 1, 4),
    ("\"tab\there\"", "control character U+0009 must be escaped", 1, 5),
    ("\"\\x41\"", "invalid escape '\\x' in a string", 1, 2),
    ("\"\\u12G4\"", "expected four hex digits after '\\u'", 1, 2),
    ("\"\\uD800\"", "unpaired surrogate \\uD800", 1, 2),
    ("\"ab\\uD83Dx\"", "unpaired surrogate \\uD83D", 1, 4),
    ("\"\\uD83D\\u0041\"", "followed by \\u0041, not a low surrogate", 1, 2),
    ("\"\\uDE00\"", "a low surrogate without a high one", 1, 2),
    ("{\"é\": 1 x}", "expected ',' or '}' after a member", 1, 9),
    ("\u{A0}1", "unexpected byte 0xC2: expected a value", 1, 1),
  ]

  @Test("invalid documents", arguments: invalid)
  func invalidDocument(_ text: String, _ message: String, _ line: Int, _ column: Int) {
    #expect {
      try JSONParser.parse(text)
    } throws: { error in
      guard let error = error as? JSONParseError else { return false }
      return error.message.contains(message) && error.line == line && error.column == column
    }
  }

  @Test func errorDescriptionAndExcerpt() throws {
    let text = "{\n  \"order_id\": \"o1\",\n  \"amount\" 22.00\n}"
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text) }
    #expect(error.description == "invalid JSON at line 3, column 12: expected ':' after a member name")
    #expect(error.offset == 33)
    #expect(error.excerpt == "  \"amount\" 22.00")
    #expect(error.excerptColumn == 12)
  }

  @Test func excerptIsClippedAroundTheOffset() throws {
    let text = "[" + String(repeating: "1,", count: 40) + "x" + String(repeating: ",1", count: 40) + "]"
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text) }
    #expect(error.column == 82)
    #expect(error.excerpt == String(repeating: "1,", count: 15) + "x" + String(repeating: ",1", count: 15))
    #expect(error.excerptColumn == 31)
  }

  /// Bytes that are not UTF-8 inside strings: stray continuation, overlong, surrogate, above U+10FFFF, cut short.
  static let badUTF8: [[UInt8]] = [
    [0x22, 0x80, 0x22],
    [0x22, 0xC0, 0xAF, 0x22],
    [0x22, 0xE0, 0x80, 0xAF, 0x22],
    [0x22, 0xED, 0xA0, 0x80, 0x22],
    [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
    [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
    [0x22, 0x61, 0xE2, 0x82, 0x22],
    [0x22, 0xFF, 0x22],
  ]

  @Test("invalid UTF-8 is rejected", arguments: badUTF8)
  func invalidUTF8(_ bytes: [UInt8]) throws {
    let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    #expect(error.message.hasPrefix("invalid UTF-8"))
  }

  @Test func validMultibyteUTF8() throws {
    let bytes: [UInt8] = [0x22, 0xC2, 0xA9, 0xE2, 0x82, 0xB9, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]
    #expect(try JSONParser.parse(bytes) == .string("©₹😀\u{10FFFF}"))
  }

  @Test func escapesMixedWithMultibyteText() throws {
    let value = try JSONParser.parse(#"["₹22\n–\u00e9 ok", "a\\b", "\"q\"", "plain"]"#)
    #expect(value == .array([.string("₹22\n–é ok"), .string("a\\b"), .string("\"q\""), .string("plain")]))
  }
}
