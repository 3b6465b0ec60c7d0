import PayshJSON

/// A name written twice in one object of a document, and the path of that object.
public struct DuplicateKey: Sendable, Hashable {
  public var key: String
  /// The path of the object holding the name (`.` for the top level).
  public var path: JSONPath

  /// `"order_status" at .payload`.
  public var description: String {
    "\(JSONPrinter.quoted(key)) at \(path.components.isEmpty ? "." : path.description)"
  }
}

extension JSONValue {
  /// Every name written twice in an object of the document, outermost first.
  public var duplicateKeys: [DuplicateKey] {
    var found: [DuplicateKey] = []
    var trail: [JSONPath.Component] = []
    collectDuplicates(&trail, into: &found)
    return found
  }

  private func collectDuplicates(_ trail: inout [JSONPath.Component], into found: inout [DuplicateKey]) {
    switch self {
    case .object(let object):
      // Asked once for an object with no name repeated, the common case (`duplicateKeys` and
      // `resolvedMembers` each ask again, so they are asked only when one is).
      let repeated = object.hasDuplicateKeys
      if repeated {
        for key in object.duplicateKeys { found.append(DuplicateKey(key: key, path: JSONPath(trail))) }
      }
      for member in repeated ? object.resolvedMembers : object.members where member.value.isContainer {
        trail.append(.member(member.key))
        member.value.collectDuplicates(&trail, into: &found)
        trail.removeLast()
      }
    case .array(let items):
      for (index, item) in items.enumerated() where item.isContainer {
        trail.append(.index(index))
        item.collectDuplicates(&trail, into: &found)
        trail.removeLast()
      }
    default: return
    }
  }

  var isContainer: Bool {
    switch self {
    case .object, .array: true
    default: false
    }
  }

  /// The note a fetch or `show` prints for a document with duplicate names; nil when it has none.
  public var duplicateKeysNote: String? {
    let duplicates = duplicateKeys
    guard let first = duplicates.first else { return nil }
    let more = duplicates.count > 1 ? " and \(duplicates.count - 1) more" : ""
    return "note: duplicate key \(first.description)\(more) in the answer; paysh reads the last one, as jq does"
  }
}
