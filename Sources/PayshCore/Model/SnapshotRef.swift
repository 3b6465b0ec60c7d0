/// A reference to a stored snapshot, as written after `@`.
public indirect enum SnapshotRef: Sendable, Hashable, CustomStringConvertible {
  /// `@last`: the newest snapshot of the current session.
  case last
  /// `@prev`: the one before `@last`.
  case previous
  /// `@N`: the N-th snapshot of the session, from 1.
  case index(Int)
  /// `@name`: a snapshot bound to a name with `set name = @last`.
  case named(String)
  /// `@SESSION:N`, `@SESSION:last`, `@SESSION:prev`: a snapshot of another stored session, by its name.
  case inSession(String, SnapshotRef)

  /// Parses the text after `@`; nil when it is not a valid reference.
  public init?(_ text: String) {
    if let colon = text.firstIndex(of: ":") {
      let session = String(text[..<colon])
      guard SnapshotRef.isName(session), let inner = SnapshotRef(String(text[text.index(after: colon)...])) else {
        return nil
      }
      switch inner {
      case .last, .previous, .index: self = .inSession(session, inner)
      case .named, .inSession: return nil
      }
      return
    }
    switch text {
    case "last": self = .last
    case "prev", "previous": self = .previous
    default:
      if let first = text.unicodeScalars.first, ("0"..."9").contains(first) {
        guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(text), number >= 1
        else { return nil }
        self = .index(number)
      } else {
        guard SnapshotRef.isName(text) else { return nil }
        self = .named(text)
      }
    }
  }

  /// The snapshot number this reference means in a session of `count` snapshots; nil for `@name` and
  /// `@SESSION:N`, which name another reference first.
  public func number(among count: Int) -> Int? {
    switch self {
    case .last: count
    case .previous: count - 1
    case .index(let index): index
    case .named, .inSession: nil
    }
  }

  /// The words after `@` that are references of their own and so cannot name a snapshot.
  public static let reservedNames: Set<String> = ["last", "prev", "previous"]

  /// Names are letters, digits, `_` and `-`, starting with a letter or `_`.
  public static func isName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, !("0"..."9").contains(first), first != "-" else { return false }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
    }
  }

  public var description: String {
    switch self {
    case .last: "@last"
    case .previous: "@prev"
    case .index(let number): "@\(number)"
    case .named(let name): "@\(name)"
    case .inSession(let session, let inner): "@\(session):\(inner.description.dropFirst())"
    }
  }
}
