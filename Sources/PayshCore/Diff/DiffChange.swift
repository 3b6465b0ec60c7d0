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
