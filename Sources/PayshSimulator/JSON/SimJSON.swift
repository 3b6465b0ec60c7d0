/// An ordered JSON value: object members keep their insertion order, numbers keep their literal text.
///
/// The simulator answers with the gateways' documented examples field for field, so it cannot use
/// `[String: Any]` (unordered) or `Double` (which turns `22` into `22.0`).
public enum SimJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number, kept as its JSON literal text (`22`, `100.81`, `1.8`).
  case number(String)
  case string(String)
  case array([SimJSON])
  case object([SimJSONMember])

  /// A JSON number from an integer.
  public static func int(_ value: Int) -> SimJSON { .number(String(value)) }

  /// A JSON number in major units with at most two decimals (`22`, `10.5`, `100.81`).
  public static func amount(_ value: Double) -> SimJSON { .number(Self.formatAmount(value)) }

  /// A JSON number in major units from exact minor units (`97_640` paise is `976.4`), as ``amount(_:)`` writes.
  public static func paise(_ value: Int) -> SimJSON { .number(Self.formatPaise(value)) }

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
  public var paiseValue: Int? {
    guard let text = stringValue, !text.isEmpty else { return nil }
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
  public static let emptyObject = SimJSON.object([])

  /// Builds an object from ordered key/value pairs.
  public static func obj(_ pairs: KeyValuePairs<String, SimJSON>) -> SimJSON {
    .object(pairs.map { SimJSONMember(key: $0.key, value: $0.value) })
  }

  /// The member named `key` of an object, or nil.
  public subscript(key: String) -> SimJSON? {
    get {
      guard case .object(let members) = self else { return nil }
      return members.first { $0.key == key }?.value
    }
    set {
      guard case .object(var members) = self else { return }
      if let index = members.firstIndex(where: { $0.key == key }) {
        if let newValue {
          members[index].value = newValue
        } else {
          members.remove(at: index)
        }
      } else if let newValue {
        members.append(SimJSONMember(key: key, value: newValue))
      }
      self = .object(members)
    }
  }

  /// The string payload, or the literal text of a number.
  public var stringValue: String? {
    switch self {
    case .string(let text), .number(let text): return text
    default: return nil
    }
  }

  /// The numeric value of a number (or of a numeric string).
  public var doubleValue: Double? {
    switch self {
    case .number(let text), .string(let text): return Double(text)
    default: return nil
    }
  }

  /// The integer value of a number literal without a fraction (or of a numeric string).
  public var intValue: Int? {
    switch self {
    case .number(let text), .string(let text): return Int(text)
    default: return nil
    }
  }

  /// The elements of an array, or nil.
  public var arrayValue: [SimJSON]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// The members of an object, or nil.
  public var members: [SimJSONMember]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The keys of an object in order (empty for non-objects).
  public var keys: [String] { members?.map(\.key) ?? [] }

  /// Inserts or replaces `key`, placing a new member right after `anchor` when it exists.
  public mutating func insert(_ key: String, _ value: SimJSON, after anchor: String) {
    guard case .object(var members) = self else { return }
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = value
    } else if let anchorIndex = members.firstIndex(where: { $0.key == anchor }) {
      members.insert(SimJSONMember(key: key, value: value), at: anchorIndex + 1)
    } else {
      members.append(SimJSONMember(key: key, value: value))
    }
    self = .object(members)
  }

  /// Merges the members of `patch` into this object (recursively for nested objects).
  public mutating func merge(_ patch: SimJSON) {
    guard case .object(let patchMembers) = patch, case .object = self else { return }
    for member in patchMembers {
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

/// One member of a JSON object.
public struct SimJSONMember: Sendable, Equatable {
  public var key: String
  public var value: SimJSON

  public init(key: String, value: SimJSON) {
    self.key = key
    self.value = value
  }
}

extension SimJSON: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension SimJSON: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .number(String(value)) }
}

extension SimJSON: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}
