/// A part of the documents `diff` leaves out: a bare key name anywhere (`payment_session_id`), or a
/// jq-style path from the top (`.order_meta.notify_url`, `.payments[].auth_id`, `.*.created_at`).
///
/// A rule hides the value at its path and everything under it; `diff` says how many changes each rule hid.
public struct IgnoreRule: Sendable, Hashable, CustomStringConvertible {
  /// One step of an anchored rule.
  enum Step: Sendable, Hashable {
    case key(String)
    /// `.*`: any member.
    case anyKey
    /// `[]`: any element, by position or identity.
    case anyElement
    case index(Int)
    /// `[field=value]`: the element whose identity is that, as `diff` writes it (`[refund_id="rf_1"]`).
    case match(field: String, value: String)
  }

  /// The rule as written.
  public let text: String
  /// For a bare name: the key it hides wherever it appears.
  let name: String?
  /// For a path: its steps from the top of the document.
  let steps: [Step]

  /// Reads a rule; throws a message saying what is wrong and where when it is neither a name nor a path.
  public init(_ text: String) throws(IgnoreRuleError) {
    self.text = text
    guard text.hasPrefix(".") || text.hasPrefix("[") else {
      guard !text.isEmpty, !text.contains(where: { $0 == "." || $0 == "[" || $0 == "]" || $0 == " " }) else {
        throw IgnoreRuleError(text: text, offset: 0, problem: "not a key name or a path")
      }
      name = text
      steps = []
      return
    }
    name = nil
    steps = try IgnoreRule.parseSteps(Array(text.unicodeScalars), text: text)
    if steps.isEmpty {
      throw IgnoreRuleError(
        text: text, offset: 0, problem: "'.' is the whole document; ignoring it leaves nothing to compare")
    }
  }

  public var description: String { text }

  static func parseSteps(_ scalars: [Unicode.Scalar], text: String) throws(IgnoreRuleError) -> [Step] {
    var steps: [Step] = []
    var index = 0
    func fail(_ problem: String) -> IgnoreRuleError { IgnoreRuleError(text: text, offset: index, problem: problem) }
    while index < scalars.count {
      switch scalars[index] {
      case ".":
        index += 1
        if index == scalars.count { if steps.isEmpty { return [] } else { throw fail("a path cannot end with '.'") } }
        if scalars[index] == "[" { continue }
        if scalars[index] == "*" {
          steps.append(.anyKey)
          index += 1
          continue
        }
        let start = index
        while index < scalars.count, scalars[index] != ".", scalars[index] != "[" { index += 1 }
        guard index > start else { throw fail("expected a key name after '.'") }
        steps.append(.key(String(String.UnicodeScalarView(scalars[start..<index]))))
      case "[":
        index += 1
        guard index < scalars.count else { throw fail("'[' is not closed") }
        if scalars[index] == "]" {
          steps.append(.anyElement)
          index += 1
        } else if scalars[index] == "\"" {
          index += 1
          let start = index
          while index < scalars.count, scalars[index] != "\"" { index += 1 }
          guard index + 1 < scalars.count, scalars[index + 1] == "]" else { throw fail("expected \"key\"]") }
          steps.append(.key(String(String.UnicodeScalarView(scalars[start..<index]))))
          index += 2
        } else if let close = scalars[index...].firstIndex(of: "]"),
          let equals = scalars[index..<close].firstIndex(of: "="), equals > index
        {
          // `[field=value]`, pasted from a diff path; the value as diff shows it (strings quoted).
          let field = String(String.UnicodeScalarView(scalars[index..<equals]))
          let value = String(String.UnicodeScalarView(scalars[(equals + 1)..<close]))
          steps.append(.match(field: field, value: value))
          index = close + 1
        } else {
          let start = index
          while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
          guard index > start, index < scalars.count, scalars[index] == "]",
            let number = Int(String(String.UnicodeScalarView(scalars[start..<index])))
          else { throw fail("expected [], [N] or [\"key\"]") }
          steps.append(.index(number))
          index += 1
        }
      default:
        throw fail("expected '.' or '['")
      }
    }
    return steps
  }

  /// True when the value at `path` is what this rule hides.
  func hides(_ path: [DiffPath.Component]) -> Bool {
    if let name {
      if case .key(let key) = path.last { return key == name }
      return false
    }
    guard steps.count == path.count else { return false }
    for (step, component) in zip(steps, path) {
      switch (step, component) {
      case (.key(let want), .key(let key)): if want != key { return false }
      case (.anyKey, .key): continue
      case (.anyElement, .index), (.anyElement, .match): continue
      case (.index(let want), .index(let index)): if want != index { return false }
      case (.match(let field, let value), .match(let actualField, let actualValue)):
        if field != actualField || value != actualValue { return false }
      default: return false
      }
    }
    return true
  }
}

/// Why an `--ignore` rule could not be read.
public struct IgnoreRuleError: Error, Sendable, Hashable, CustomStringConvertible {
  public var text: String
  /// Where in `text` (in characters) the problem is.
  public var offset: Int
  public var problem: String

  public var description: String {
    "'\(text)' at column \(offset + 1): \(problem) (write a key name like payment_session_id or a path like .order_meta.notify_url)"
  }
}
