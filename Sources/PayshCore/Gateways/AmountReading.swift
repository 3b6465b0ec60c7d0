import PayshJSON

/// Reads an amount from a gateway's answer, and says why when it cannot: an amount that is there but not
/// exact is never dropped in silence.
///
/// The reason goes into the order's mapping as an `amount` (or `paid_amount`) row whose rule begins with
/// `Order.FieldMapping.unreadablePrefix`, so it is stored with the order and the summary shows it
/// (`amount    ? (order_amount "10.5" is a string, not a number)`).
enum AmountReading {
  /// The amount in `value` (the member `key` of the answer), read by `read`; `.failure` with the reason
  /// when the member is there but is not an exact amount; nil when it is absent.
  static func read(
    _ value: JSONValue?, key: String, currency: String, unit: Unit
  ) -> Result<(Money, JSONNumber), Reason>? {
    guard let value, value != .null else { return nil }
    guard let number = value.numberValue ?? (unit.acceptsStrings ? value.stringValue.map(JSONNumber.init(text:)) : nil)
    else {
      if let text = value.stringValue {
        return .failure(Reason("\(key) \(JSONPrinter.quoted(text)) is a string, not a number"))
      }
      return .failure(Reason("\(key) is \(article(value.typeName)) \(value.typeName), not a number"))
    }
    let scale = unit == .major ? Money.exponent(of: currency) : 0
    if let minor = number.minorUnits(scale: scale) {
      return .success((Money(minorUnits: minor, currency: currency), number))
    }
    guard let decimal = number.decimal else { return .failure(Reason("\(key) \(number.text) is not a number")) }
    if decimal.exponent + scale < 0 {
      let what = unit == .major ? "more decimals than \(currency) has (\(scale))" : "a fraction of a minor unit"
      return .failure(Reason("\(key) \(number.text) has \(what)"))
    }
    return .failure(Reason("\(key) \(number.text) is too large for an amount"))
  }

  /// The amount in `value` (the member `key`) read as `field`, its mapping row added to `mapping`: from
  /// `source`, the rule `"NUMBER \(words) → MONEY"` when read, an unreadable row when not; nil when the
  /// member is absent or not an exact amount.
  static func money(
    _ value: JSONValue?, key: String, as field: String, from source: String, currency: String, unit: Unit,
    _ words: String, into mapping: inout [Order.FieldMapping]
  ) -> Money? {
    switch read(value, key: key, currency: currency, unit: unit) {
    case .success(let (money, number)):
      mapping.append(.init(field, from: source, "\(number.text) \(words) → \(money)"))
      return money
    case .failure(let reason):
      mapping.append(.unreadable(field, from: source, reason))
      return nil
    case nil: return nil
    }
  }

  /// How the gateway states amounts.
  enum Unit: Equatable {
    /// Major units with decimals (rupees): Cashfree, EnKash.
    case major
    /// Integer minor units (paise), as a number or a numeric string: Paytring.
    case minorAllowingStrings

    var acceptsStrings: Bool { self == .minorAllowingStrings }
  }

  /// Why an amount could not be read, in words that follow `amount    ? (`.
  struct Reason: Error {
    var text: String
    init(_ text: String) { self.text = text }
  }

  static func article(_ word: String) -> String {
    word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
  }
}

extension Order.FieldMapping {
  /// The start of a rule that says a field was in the answer but could not be read.
  public static let unreadablePrefix = "unreadable: "

  /// A row saying why `field` (read from `source`) was left out.
  static func unreadable(_ field: String, from source: String, _ reason: AmountReading.Reason) -> Self {
    Self(field, from: source, unreadablePrefix + reason.text)
  }
}

extension Order {
  /// Why `field` was in the answer but left out of the order (from its `unreadable` mapping row), if it was.
  public func unreadableReason(_ field: String) -> String? {
    let prefix = FieldMapping.unreadablePrefix
    guard let row = mapping.first(where: { $0.field == field && $0.rule.hasPrefix(prefix) }) else { return nil }
    return String(row.rule.dropFirst(prefix.count))
  }
}
