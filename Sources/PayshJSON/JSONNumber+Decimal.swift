extension JSONNumber {
  /// The exact value of the literal; nil when the text is not a JSON number (the parser never makes one).
  public var decimal: JSONDecimal? { JSONDecimal(text) }

  /// True when both literals denote the same value: `170.00 == 170`, `1e2 == 100`, `-0 == 0`.
  ///
  /// Compares the decimal text exactly, never through a Double. Texts that are not numbers are equal
  /// only when identical.
  public func isNumericallyEqual(_ other: JSONNumber) -> Bool {
    guard let a = decimal, let b = other.decimal else { return text == other.text }
    return a == b
  }

  /// How this value orders against `other`, exactly; nil when either text is not a JSON number.
  public func compare(_ other: JSONNumber) -> JSONDecimal.Ordering? {
    guard let a = decimal, let b = other.decimal else { return nil }
    return a.compare(b)
  }

  /// The value in minor units, `value × 10^scale`, as an Int: `22.5` with scale 2 is `2250` (paise).
  ///
  /// Nil when that would drop a non-zero digit (`22.505` at scale 2) or overflow an Int; trailing zeros
  /// are fine (`22.500` gives `2250`), and so are exponents (`2.25e1` gives `2250`).
  public func minorUnits(scale: Int) -> Int? {
    decimal?.integer(timesTenToThe: scale)
  }
}
