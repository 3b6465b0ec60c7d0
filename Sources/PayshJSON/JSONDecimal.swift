/// The exact value of a JSON number literal: a sign, its significant decimal digits and a power of ten.
///
/// `22.50`, `2.25e1` and `2250E-2` are all `+ [2, 2, 5] × 10^-1`; `-0` and `0.0e9` are zero. Built from the
/// text alone, never through a Double, so comparisons and unit conversions are exact for any length.
/// Exponents are read with saturation at ±10^15: literals beyond that (`1e9999999999999999`) compare by
/// the clamped value, which is far outside anything a gateway sends.
public struct JSONDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// How one value orders against another.
  public enum Ordering: Sendable, Hashable {
    case less, equal, greater
  }

  /// True for values below zero (never for zero).
  public let isNegative: Bool
  /// Significant digits (each 0…9), without leading or trailing zeros; empty for zero.
  public let digits: [UInt8]
  /// The value is `digits` read as an integer times 10^exponent (0 for zero).
  public let exponent: Int

  package static let exponentLimit = 1_000_000_000_000_000

  /// Reads a JSON number literal (RFC 8259 syntax); nil when `text` is not one.
  public init?(_ text: String) {
    var utf8 = Array(text.utf8)[...]
    let negative = utf8.first == UInt8(ascii: "-")
    if negative { utf8 = utf8.dropFirst() }
    let integerPart = utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
    guard !integerPart.isEmpty, integerPart.count == 1 || integerPart.first != 0x30 else { return nil }
    utf8 = utf8.dropFirst(integerPart.count)
    var fractionPart: ArraySlice<UInt8> = []
    if utf8.first == UInt8(ascii: ".") {
      fractionPart = utf8.dropFirst().prefix { $0 >= 0x30 && $0 <= 0x39 }
      guard !fractionPart.isEmpty else { return nil }
      utf8 = utf8.dropFirst(1 + fractionPart.count)
    }
    var written = 0
    if utf8.first == UInt8(ascii: "e") || utf8.first == UInt8(ascii: "E") {
      utf8 = utf8.dropFirst()
      let exponentNegative = utf8.first == UInt8(ascii: "-")
      if exponentNegative || utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
      guard let first = utf8.first, first >= 0x30, first <= 0x39 else { return nil }
      while let digit = utf8.first, digit >= 0x30, digit <= 0x39 {
        written = min(written * 10 + Int(digit - 0x30), Self.exponentLimit)
        utf8 = utf8.dropFirst()
      }
      if exponentNegative { written = -written }
    }
    guard utf8.isEmpty else { return nil }
    var all = (integerPart + fractionPart).map { $0 - 0x30 }[...]
    var exponent = written - fractionPart.count
    all = all.drop { $0 == 0 }
    while all.last == 0 {
      all = all.dropLast()
      exponent += 1
    }
    self.init(isNegative: negative && !all.isEmpty, digits: Array(all), exponent: all.isEmpty ? 0 : exponent)
  }

  init(isNegative: Bool, digits: [UInt8], exponent: Int) {
    self.isNegative = isNegative
    self.digits = digits
    self.exponent = exponent
  }

  public var isZero: Bool { digits.isEmpty }

  /// True when the value has no fractional part.
  public var isInteger: Bool { exponent >= 0 }

  /// Canonical text: `0`, `-225e-1`, `17e1`; equal values have equal text.
  public var description: String {
    guard !isZero else { return "0" }
    let body = String(decoding: digits.map { $0 + 0x30 }, as: UTF8.self)
    return (isNegative ? "-" : "") + body + (exponent == 0 ? "" : "e\(exponent)")
  }

  /// The order of `self` against `other`, exactly.
  public func compare(_ other: JSONDecimal) -> Ordering {
    if isNegative != other.isNegative { return isNegative ? .less : .greater }
    if isZero || other.isZero {
      if isZero && other.isZero { return .equal }
      return isZero ? .less : .greater  // same sign here, so the non-zero one is positive
    }
    let magnitude = Self.compareMagnitudes(self, other)
    guard isNegative else { return magnitude }
    switch magnitude {
    case .less: return .greater
    case .greater: return .less
    case .equal: return .equal
    }
  }

  /// Orders |a| against |b| for two non-zero values.
  private static func compareMagnitudes(_ a: JSONDecimal, _ b: JSONDecimal) -> Ordering {
    let leadingA = a.digits.count + a.exponent
    let leadingB = b.digits.count + b.exponent
    if leadingA != leadingB { return leadingA < leadingB ? .less : .greater }
    for (x, y) in zip(a.digits, b.digits) where x != y { return x < y ? .less : .greater }
    if a.digits.count == b.digits.count { return .equal }
    return a.digits.count < b.digits.count ? .less : .greater
  }

  public static func < (lhs: JSONDecimal, rhs: JSONDecimal) -> Bool {
    lhs.compare(rhs) == .less
  }

  /// The value times 10^power as an Int, exactly; nil when that leaves a fraction or does not fit.
  public func integer(timesTenToThe power: Int) -> Int? {
    guard !isZero else { return 0 }
    let shift = exponent + power
    guard shift >= 0, digits.count + shift <= 19 else { return nil }
    // Accumulate downwards so that Int.min fits.
    var value = 0
    for digit in digits + repeatElement(0, count: shift) {
      let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, overflow2) = times10.subtractingReportingOverflow(Int(digit))
      guard !overflow, !overflow2 else { return nil }
      value = next
    }
    if isNegative { return value }
    return value == Int.min ? nil : -value
  }
}
