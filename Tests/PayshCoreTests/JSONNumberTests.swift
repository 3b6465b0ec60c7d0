import PayshJSON
import Testing

@testable import PayshCore

@Suite("JSON numbers")
struct JSONNumberTests {
  static func number(_ text: String) -> JSONNumber { JSONNumber(text: text) }

  /// Pairs and whether they are numerically equal.
  static let equality: [(String, String, Bool)] = [
    ("170.00", "170", true),
    ("1e2", "100", true),
    ("1E+2", "100.0", true),
    ("-0", "0", true),
    ("-0.0e5", "0.000", true),
    ("0.1", "1e-1", true),
    ("22.50", "2.25e1", true),
    ("2250E-2", "22.5", true),
    ("1234567890123456789", "1234567890123456789.000", true),
    ("12345678901234567890123", "1.2345678901234567890123e22", true),
    ("9007199254740993", "9007199254740992", false),
    ("170.01", "170", false),
    ("-1", "1", false),
    ("1e2", "1e3", false),
    ("0.1", "0.10000000000000001", false),
    ("10", "1", false),
  ]

  @Test("numeric equality", arguments: equality)
  func numericEquality(_ a: String, _ b: String, _ equal: Bool) {
    #expect(Self.number(a).isNumericallyEqual(Self.number(b)) == equal)
    #expect(Self.number(b).isNumericallyEqual(Self.number(a)) == equal)
    #expect((Self.number(a).compare(Self.number(b)) == .equal) == equal)
  }

  /// Ascending values, some equal neighbours written differently.
  static let ascending = [
    "-1e3", "-999.99", "-22.5", "-22.49", "-1", "-0.001", "0", "-0.0", "1e-9", "0.1", "1", "1.0", "9.99", "10",
    "22.5", "22.500001", "1e18", "9223372036854775807", "9223372036854775808", "1e100",
  ]

  @Test func ordering() throws {
    let decimals = try Self.ascending.map { try #require(JSONDecimal($0)) }
    for i in decimals.indices {
      for j in decimals.indices {
        let expected: JSONDecimal.Ordering
        if (Self.ascending[i] == "0" && Self.ascending[j] == "-0.0")
          || (Self.ascending[i] == "-0.0" && Self.ascending[j] == "0")
          || (Self.ascending[i] == "1" && Self.ascending[j] == "1.0")
          || (Self.ascending[i] == "1.0" && Self.ascending[j] == "1")
        {
          expected = .equal
        } else {
          expected = i < j ? .less : i > j ? .greater : .equal
        }
        #expect(decimals[i].compare(decimals[j]) == expected, "\(Self.ascending[i]) vs \(Self.ascending[j])")
      }
    }
    #expect(JSONDecimal("1")! < JSONDecimal("2")!)
    #expect(Self.number("100").compare(Self.number("1e1")) == .greater)
    #expect(Self.number("-5").compare(Self.number("-50e-1")) == .equal)
    #expect(Self.number("abc").compare(Self.number("1")) == nil)
  }

  @Test func decimalParts() throws {
    #expect(Self.number("-0022.5").decimal == nil, "leading zeros")
    let value = try #require(Self.number("-22.5000e+1").decimal)
    #expect(value.isNegative)
    #expect(value.digits == [2, 2, 5])
    #expect(value.exponent == 0)
    #expect(value.description == "-225")
    #expect(JSONDecimal("0.0012300")?.digits == [1, 2, 3])
    #expect(JSONDecimal("0.0012300")?.exponent == -5)
    #expect(JSONDecimal("-0")?.isNegative == false)
    #expect(JSONDecimal("-0")?.description == "0")
    #expect(JSONDecimal("1200")?.description == "12e2")
    #expect(JSONDecimal("1200")?.isInteger == true)
    #expect(JSONDecimal("12.5")?.isInteger == false)
    #expect(JSONDecimal("1e99999999999999999999999")?.exponent == JSONDecimal.exponentLimit)
  }

  static let notNumbers = ["", "-", "+1", "01", "1.", ".5", "1e", "1e+", "1x", "0x10", " 1", "NaN", "1.2.3", "--1"]

  @Test("not JSON number syntax", arguments: notNumbers)
  func invalidText(_ text: String) {
    #expect(JSONDecimal(text) == nil)
    #expect(Self.number(text).minorUnits(scale: 2) == nil)
  }

  /// Literal, scale, expected minor units (nil when not exact or too large).
  static let minor: [(String, Int, Int?)] = [
    ("22", 2, 2200),
    ("22.5", 2, 2250),
    ("22.50", 2, 2250),
    ("22.500", 2, 2250),
    ("22.505", 2, nil),
    ("2.25e1", 2, 2250),
    ("2250e-2", 2, 2250),
    ("0.01", 2, 1),
    ("0.001", 2, nil),
    ("-1.18", 2, -118),
    ("-0.00", 2, 0),
    ("0e-999", 2, 0),
    ("118", 0, 118),
    ("1.5", 0, nil),
    ("1.234", 3, 1234),
    ("12", -1, nil),
    ("120", -1, 12),
    ("92233720368547758.07", 2, Int.max),
    ("92233720368547758.08", 2, nil),
    ("-92233720368547758.08", 2, Int.min),
    ("-92233720368547758.09", 2, nil),
    ("1e16", 2, 1_000_000_000_000_000_000),
    ("1e17", 2, nil),
    ("1e19", 0, nil),
    ("1e400", 2, nil),
    ("123456789012345678901234567890e-28", 2, nil),
    ("12340000000000000000e-18", 2, 1234),
  ]

  @Test("minor units", arguments: minor)
  func minorUnits(_ text: String, _ scale: Int, _ expected: Int?) {
    #expect(Self.number(text).minorUnits(scale: scale) == expected)
  }
}
