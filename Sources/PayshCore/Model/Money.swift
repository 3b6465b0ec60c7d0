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
    let text = decimalText
    let negative = text.hasPrefix("-")
    let unsigned = negative ? text.dropFirst() : Substring(text)
    let point = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
    let grouped = Money.grouped(unsigned[..<point], indian: currency == "INR") + unsigned[point...]
    let sign = negative ? "-" : ""
    return currency == "INR" ? sign + "₹" + grouped : "\(currency) \(sign)\(grouped)"
  }

  /// `digits` with commas: the last three together, then groups of two (`indian`) or of three.
  static func grouped(_ digits: Substring, indian: Bool) -> String {
    var groups: [Substring] = []
    var end = digits.endIndex
    var size = 3
    while end > digits.startIndex {
      let start = digits.index(end, offsetBy: -size, limitedBy: digits.startIndex) ?? digits.startIndex
      groups.append(digits[start..<end])
      end = start
      if indian { size = 2 }
    }
    return groups.reversed().joined(separator: ",")
  }

  public static func < (lhs: Money, rhs: Money) -> Bool {
    lhs.currency == rhs.currency ? lhs.minorUnits < rhs.minorUnits : lhs.currency < rhs.currency
  }
}
