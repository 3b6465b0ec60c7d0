import PayshJSON

/// What the simulator needs of PayshJSON's `JSONValue` beyond reading and writing it: building answers
/// member by member, amounts written as the gateways write them, and the lenient readings of request
/// fields (a number or a numeric string alike).
///
/// The simulator answers with the gateways' documented examples field for field, so it keeps member order
/// and number text (`22` stays `22`, `5000.00` stays `5000.00`): the same value paysh reads them with.
extension JSONValue {
  /// A JSON number with this literal text (`22`, `100.81`, `1.8`); the caller writes valid number syntax.
  package static func number(text: String) -> JSONValue { .number(JSONNumber(text: text)) }

  /// A JSON number from an integer.
  package static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

  /// A JSON number in major units with at most two decimals (`22`, `10.5`, `100.81`).
  package static func amount(_ value: Double) -> JSONValue { .number(text: formatAmount(value)) }

  /// A JSON number in major units from exact minor units (`97_640` paise is `976.4`), as ``amount(_:)`` writes.
  package static func paise(_ value: Int) -> JSONValue { .number(text: formatPaise(value)) }

  /// Formats a major-unit amount with at most two decimals and no trailing zeros.
  static func formatAmount(_ value: Double) -> String { formatPaise(Int((value * 100).rounded())) }

  /// Formats minor units as a major-unit amount with at most two decimals and no trailing zeros.
  static func formatPaise(_ cents: Int) -> String {
    let whole = cents / 100
    let fraction = abs(cents % 100)
    let sign = cents < 0 && whole == 0 ? "-" : ""
    if fraction == 0 { return "\(sign)\(whole)" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// A major-unit amount (number or numeric string) in exact minor units: `1250.5` is 125050, read from its
  /// decimal text, never through a Double; a third decimal rounds half up. Nil when it is not a plain decimal.
  package var paiseValue: Int? {
    guard let text = textValue, !text.isEmpty else { return nil }
    var digits = Substring(text)
    let negative = digits.hasPrefix("-")
    if negative { digits = digits.dropFirst() }
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy(\.isASCII),
      let whole = Int(wholeText), whole >= 0
    else { return nil }
    let fractionText = parts.count > 1 ? parts[1] : ""
    guard parts.count == 1 || !fractionText.isEmpty, fractionText.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return nil
    }
    let padded = Array(fractionText) + Array(repeating: Character("0"), count: max(0, 3 - fractionText.count))
    let hundredths = Int(String(padded[0..<2])) ?? 0
    let roundUp = (padded[2].wholeNumberValue ?? 0) >= 5 ? 1 : 0
    let magnitude = whole * 100 + hundredths + roundUp
    return negative ? -magnitude : magnitude
  }

  /// An empty object.
  package static let emptyObject = JSONValue.object(JSONObject())

  /// Builds an object from ordered key/value pairs.
  package static func obj(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
    .object(JSONObject(pairs.map { JSONObject.Member($0.key, $0.value) }))
  }

  /// The string payload, or the literal text of a number (a request may send an id either way).
  package var textValue: String? {
    switch self {
    case .string(let text): text
    case .number(let number): number.text
    default: nil
    }
  }

  /// The numeric value of a number (or of a numeric string).
  package var doubleValue: Double? { textValue.flatMap(Double.init) }

  /// The integer value of a number literal without a fraction (or of a numeric string).
  package var intValue: Int? { textValue.flatMap { Int($0) } }

  /// The elements of an array, or nil.
  package var arrayValue: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// The members of an object, or nil.
  package var members: [JSONObject.Member]? {
    if case .object(let object) = self { return object.members }
    return nil
  }

  /// The keys of an object in order (empty for non-objects).
  package var keys: [String] { members?.map(\.key) ?? [] }

  /// Inserts or replaces `key`, placing a new member right after `anchor` when it exists.
  package mutating func insert(_ key: String, _ value: JSONValue, after anchor: String) {
    guard case .object(var object) = self else { return }
    if let index = object.members.lastIndex(where: { $0.key == key }) {
      object.members[index].value = value
    } else if let anchorIndex = object.members.lastIndex(where: { $0.key == anchor }) {
      object.members.insert(JSONObject.Member(key, value), at: anchorIndex + 1)
    } else {
      object.members.append(JSONObject.Member(key, value))
    }
    self = .object(object)
  }

  /// Merges the members of `patch` into this object (recursively for nested objects).
  package mutating func merge(_ patch: JSONValue) {
    guard case .object(let patchObject) = patch, case .object = self else { return }
    for member in patchObject.members {
      if case .object = member.value, case .object = self[member.key] {
        var nested = self[member.key] ?? .emptyObject
        nested.merge(member.value)
        self[member.key] = nested
      } else {
        self[member.key] = member.value
      }
    }
  }
}
