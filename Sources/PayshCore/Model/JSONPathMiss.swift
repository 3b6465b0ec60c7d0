/// Why a path found nothing: the deepest concrete path that exists, the step that could not be taken
/// there, and what was there instead.
///
/// Not an error in the usual sense: `show .ordr` reports it, `expect .x exists` tests for it. Its
/// `description` reads `no member 'ordr' at . (members: cf_order_id, order_id, …); did you mean 'order_id'?`.
public struct JSONPathMiss: Error, Sendable, Hashable, CustomStringConvertible {
  /// What was at `path` that stopped the step.
  public enum Reason: Sendable, Hashable {
    /// An object without the member; `available` are its keys in document order.
    case noMember(String, available: [String])
    /// An array too short for the index (as written, so possibly negative).
    case noElement(Int, count: Int)
    /// A value of the wrong type for the step: `found` is its type name (`string`, `array`, …).
    case wrongType(JSONPath.Component, found: String)
  }

  /// The deepest path that exists, with `[]` replaced by the concrete index or member that was followed.
  public var path: JSONPath
  public var reason: Reason

  public init(path: JSONPath, reason: Reason) {
    self.path = path
    self.reason = reason
  }

  /// How many member names the message lists before `…`.
  public static let listedMembers = 8

  /// The closest existing member name to a missing one, when one is close enough to be a typo.
  ///
  /// First `Suggestion.closest` over the whole names; failing that, a name one of whose `_`/`-`
  /// separated words is a close match (`ordr` → `order_id`), the nearest whole name first.
  public var suggestion: String? {
    guard case .noMember(let name, let available) = reason else { return nil }
    if let whole = Suggestion.closest(to: name, in: available) { return whole }
    guard name.count >= 3 else { return nil }
    let byWord = available.filter { key in
      let words = key.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
      return words.count > 1 && Suggestion.closest(to: name, in: words) != nil
    }
    return byWord.min { Suggestion.editDistance(name, $0) < Suggestion.editDistance(name, $1) }
  }

  public var description: String {
    let at = path.render()
    switch reason {
    case .noMember(let name, let available):
      guard !available.isEmpty else { return "no member '\(name)' at \(at) (an empty object)" }
      var names = available.prefix(Self.listedMembers).joined(separator: ", ")
      if available.count > Self.listedMembers { names += ", …" }
      var text = "no member '\(name)' at \(at) (members: \(names))"
      if let suggestion { text += "; did you mean '\(suggestion)'?" }
      return text
    case .noElement(let index, let count):
      let size =
        switch count {
        case 0: "an empty array"
        case 1: "an array of 1 element"
        default: "an array of \(count) elements"
        }
      return "no element [\(index)] at \(at) (\(size))"
    case .wrongType(let component, let found):
      let article = found.first.map { "aeiou".contains($0) } == true ? "an" : "a"
      switch component {
      case .member(let name): return "cannot read member '\(name)' at \(at): it is \(article) \(found), not an object"
      case .index(let index): return "cannot read [\(index)] at \(at): it is \(article) \(found), not an array"
      case .iterate: return "cannot iterate with [] at \(at): it is \(article) \(found), not an array or object"
      }
    }
  }
}
