import PayshJSON

/// One difference between two JSON documents: what happened at which path, with the old and new values.
public struct DiffChange: Sendable, Hashable {
  /// What happened to the value at the path.
  public enum Kind: String, Sendable, Hashable {
    /// Only in the new document.
    case added
    /// Only in the old document.
    case removed
    /// In both, same JSON type, different value.
    case changed
    /// In both, of different JSON types (`2149460581` → `"2149460581"`, `null` → `{…}`).
    case typeChanged = "type_changed"
  }

  public var kind: Kind
  public var path: DiffPath
  /// The value before; nil when added.
  public var old: JSONValue?
  /// The value after; nil when removed.
  public var new: JSONValue?

  public init(_ kind: Kind, at path: DiffPath, old: JSONValue?, new: JSONValue?) {
    self.kind = kind
    self.path = path
    self.old = old
    self.new = new
  }
}

/// What a diff found: the changes in document order, and how many changes each ignore rule hid.
public struct DiffResult: Sendable, Hashable {
  /// An ignore rule that hid something, as written, and how many changes it hid.
  public struct Ignored: Sendable, Hashable {
    public var rule: String
    public var count: Int

    public init(rule: String, count: Int) {
      self.rule = rule
      self.count = count
    }
  }

  public var changes: [DiffChange]
  public var ignored: [Ignored]

  public init(changes: [DiffChange] = [], ignored: [Ignored] = []) {
    self.changes = changes
    self.ignored = ignored
  }

  public var isEmpty: Bool { changes.isEmpty }
}

extension DiffResult {
  /// The result with nothing secret left in it: a value under a secret member name becomes `[redacted]`,
  /// card numbers (as values or as the identity in a path) are masked to the last four, and known secret
  /// values are replaced wherever they appear.
  public func redacted(by redactor: Redactor) -> DiffResult {
    var copy = self
    copy.changes = changes.map { change in
      var change = change
      var underSecret = false
      change.path.components = change.path.components.map { component in
        switch component {
        case .key(let key):
          if Redactor.isSecretField(Redactor.fieldKey(key)) { underSecret = true }
          return component
        case .match(let field, let value):
          guard Redactor.isCardField(Redactor.fieldKey(field)) else { return .match(field: field, value: value) }
          let bare =
            value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
            ? String(value.dropFirst().dropLast()) : value
          return .match(field: field, value: JSONPrinter.quoted(Redactor.maskCard(bare)))
        case .index: return component
        }
      }
      func clean(_ value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        if underSecret { return .string(Redactor.mark) }
        if case .key(let key)? = change.path.components.last, Redactor.isCardField(Redactor.fieldKey(key)),
          let card = value.scalarText
        {
          return .string(Redactor.maskCard(card))
        }
        return redactor.json(value).value
      }
      change.old = clean(change.old)
      change.new = clean(change.new)
      return change
    }
    return copy
  }
}
