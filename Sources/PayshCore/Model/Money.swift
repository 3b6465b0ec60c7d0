import PayshJSON

/// An amount of money: integer minor units and an ISO 4217 currency. Never a Double.
///
/// Gateways disagree on units: Cashfree sends rupees with decimals (`22` is ₹22.00), Paytring sends
/// paise (`118` is ₹1.18). Each adapter converts once, stating the unit it read, and everything after
/// works on minor units.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The amount in the currency's minor unit (paise for INR).
  public var minorUnits: Int
  /// ISO 4217 code, upper case: `INR`.
  public var currency: String

  public init(minorUnits: Int, currency: String) {
    self.minorUnits = minorUnits
    self.currency = currency.uppercased()
  }

  /// How many decimal places the currency's minor unit has (2 for most, 0 for JPY/KRW, 3 for BHD/KWD/OMR).
  public static func exponent(of currency: String) -> Int {
    switch currency.uppercased() {
    case "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF": 0
    case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
    default: 2
    }
  }

  /// The amount from a decimal number in major units (`22.5` rupees), exactly; nil when the number has
  /// more decimals than the currency has, or does not fit.
  public static func major(_ number: JSONNumber, currency: String) -> Money? {
    guard let minor = number.minorUnits(scale: exponent(of: currency)) else { return nil }
    return Money(minorUnits: minor, currency: currency)
  }

  /// The amount from an integer in minor units (`118` paise).
  public static func minor(_ number: JSONNumber, currency: String) -> Money? {
    guard let minor = number.intValue else { return nil }
    return Money(minorUnits: minor, currency: currency)
  }

  /// The major-unit text with the currency's decimals: `22.00`, `-1.18`, `1500`.
  public var decimalText: String {
    let exponent = Money.exponent(of: currency)
    let negative = minorUnits < 0
    let magnitude = minorUnits.magnitude
    guard exponent > 0 else { return (negative ? "-" : "") + String(magnitude) }
    var divisor: UInt = 1
    for _ in 0..<exponent { divisor *= 10 }
    let whole = magnitude / divisor
    let fraction = String(magnitude % divisor)
    let padded = String(repeating: "0", count: exponent - fraction.count) + fraction
    return (negative ? "-" : "") + "\(whole).\(padded)"
  }

  /// The amount as people read it: `₹12,34,567.00` for INR (Indian grouping: thousands, then lakhs and
  /// crores by two digits), `USD 1,234,567.00` otherwise (groups of three). `decimalText` stays ungrouped.
  public var description: String {
    let text = Array(decimalText.utf8)
    let negative = text.first == UInt8(ascii: "-")
    let unsigned = negative ? text[1...] : text[...]
    let point = unsigned.firstIndex(of: UInt8(ascii: ".")) ?? unsigned.endIndex
    let indian = currency == "INR"
    var out: [UInt8] = []
    out.reserveCapacity(text.count + text.count / 2 + 8)
    // `-₹12.00`, `USD -12.00`.
    if indian {
      if negative { out.append(UInt8(ascii: "-")) }
      out.append(contentsOf: "₹".utf8)
    } else {
      out.append(contentsOf: currency.utf8)
      out.append(UInt8(ascii: " "))
      if negative { out.append(UInt8(ascii: "-")) }
    }
    out.append(contentsOf: Money.grouped(unsigned[..<point], indian: indian))
    out.append(contentsOf: unsigned[point...])
    return String(decoding: out, as: UTF8.self)
  }

  /// `digits` with commas: the last three together, then groups of two (`indian`) or of three.
  static func grouped(_ digits: ArraySlice<UInt8>, indian: Bool) -> [UInt8] {
    let count = digits.count
    var out: [UInt8] = []
    out.reserveCapacity(count + count / 2)
    for (offset, digit) in digits.enumerated() {
      let left = count - offset  // digits from here to the end
      if offset > 0, left >= 3, indian ? (left == 3 || (left > 3 && (left - 3) % 2 == 0)) : left % 3 == 0 {
        out.append(UInt8(ascii: ","))
      }
      out.append(digit)
    }
    return out
  }

  public static func < (lhs: Money, rhs: Money) -> Bool {
    lhs.currency == rhs.currency ? lhs.minorUnits < rhs.minorUnits : lhs.currency < rhs.currency
  }
}
