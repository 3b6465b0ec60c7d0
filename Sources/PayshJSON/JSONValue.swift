/// A JSON document exactly as a gateway sent it: object keys keep their order, and numbers keep their
/// text (`22.00` stays `22.00`, a 19-digit id is not rounded through a Double).
///
/// The raw response is evidence; paysh never shows or stores a re-interpreted copy of it.
public indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(JSONNumber)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The member `key` of an object (its last member of that name); nil for anything else or a missing
  /// key. Setting (the simulator builds its answers so) changes that member, appends a new one at the end,
  /// or with nil removes every member of that name; it does nothing to a value that is not an object.
  @inlinable public package(set) subscript(key: String) -> JSONValue? {
    get {
      guard case .object(let object) = self else { return nil }
      return object[key]
    }
    set {
      guard case .object(var object) = self else { return }
      self = .null  // the object's members are then held once, and change in place
      object[key] = newValue
      self = .object(object)
    }
  }

  /// The element at `index` of an array; nil when out of range or not an array.
  @inlinable public subscript(index: Int) -> JSONValue? {
    guard case .array(let items) = self, items.indices.contains(index) else { return nil }
    return items[index]
  }

  /// The string, when this is one.
  @inlinable public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The string, when this is a non-empty one.
  @inlinable public var nonEmptyString: String? {
    guard let text = stringValue, !text.isEmpty else { return nil }
    return text
  }

  /// The number, when this is one.
  @inlinable public var numberValue: JSONNumber? {
    if case .number(let number) = self { return number }
    return nil
  }

  /// The JSON type's name, as shown in diffs and errors: `null`, `boolean`, `number`, `string`, `array`, `object`.
  @inlinable public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }

  /// A scalar as plain text (a string without quotes, a number as written); nil for arrays and objects.
  @inlinable public var scalarText: String? {
    switch self {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .number(let number): number.text
    case .string(let text): text
    case .array, .object: nil
    }
  }

  /// `scalarText` unless it is empty (`""`): an id or reference a gateway sends as a number or a string.
  @inlinable public var nonEmptyScalarText: String? {
    guard let text = scalarText, !text.isEmpty else { return nil }
    return text
  }
}

/// A JSON number as written in the document. Equality is by text; `isNumericallyEqual` compares values.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
  /// The literal, e.g. `22`, `22.00`, `-1.5e3`.
  public let text: String

  /// Wraps a literal; the caller (the parser) has checked it is valid JSON number syntax.
  public init(text: String) {
    self.text = text
  }

  public init(_ value: Int) {
    self.text = String(value)
  }

  /// True when the literal has no fraction and no exponent.
  @inlinable public var isInteger: Bool { !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) }

  /// The value as an Int when it is an integer literal that fits.
  @inlinable public var intValue: Int? { isInteger ? Int(text) : nil }

  public var description: String { text }
}

/// An object whose members keep the order they were written in, duplicates included (the raw answer is
/// evidence). A name written twice reads as its last member, as jq and most parsers read it: the
/// subscript, `resolvedMembers` (for walks: diff, `.[]`) and so everything that reads gateway JSON.
public struct JSONObject: Sendable, Hashable {
  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  public var members: [Member]

  public init(_ members: [Member] = []) {
    self.members = members
  }

  /// The last member named `key` (as jq reads a name written twice). Setting changes that member's
  /// value or appends a member; nil removes every member of that name.
  @inlinable public package(set) subscript(key: String) -> JSONValue? {
    get {
      members.last { $0.key == key }?.value
    }
    set {
      if let newValue {
        if let index = members.lastIndex(where: { $0.key == key }) {
          members[index].value = newValue
        } else {
          members.append(Member(key, newValue))
        }
      } else {
        members.removeAll { $0.key == key }
      }
    }
  }

  @inlinable public var keys: [String] { members.map(\.key) }
  @inlinable public var count: Int { members.count }
  @inlinable public var isEmpty: Bool { members.isEmpty }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
  /// `"text"` where a `JSONValue` is expected is `.string("text")`.
  public init(stringLiteral value: String) { self = .string(value) }

  /// `22` where a `JSONValue` is expected is the number `22`.
  public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }

  /// `true` or `false` where a `JSONValue` is expected.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}
