/// A jq-style path into a JSON document: `.`, `.order.customer`, `.[0].payment_status`, `.items[-1]`,
/// `.["odd key"]`, `.payments[].amount`.
///
/// Grammar (no spaces anywhere):
/// ```
/// path      = "." | step+
/// step      = "." name | "." string | "."? "[" ( integer | string | "" ) "]"
/// name      = ( letter | "_" ) ( letter | digit | "_" | "-" )*      ASCII letters and digits
/// string    = a JSON string literal: "any key", with JSON escapes
/// integer   = "-"? digit+                                     negative counts from the end
/// ```
/// `[]` iterates: it yields every element of an array, or every member value of an object, so a path
/// can produce several values. Unlike jq, a name may contain `-` (`.order-id` is one key, not a
/// subtraction: paysh has no arithmetic in paths), and `.a.[0]` (jq 1.7) is the same as `.a[0]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Sendable, Hashable {
    /// An object member by name.
    case member(String)
    /// An array element; negative counts from the end (`-1` is the last).
    case index(Int)
    /// Every element of an array or every member value of an object (`[]`).
    case iterate
  }

  /// The steps, outermost first; empty for the identity path `.`.
  public var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// The identity path `.`: the whole document.
  public static let identity = JSONPath()

  /// True when the path can produce more than one value (it has a `[]`).
  public var iterates: Bool { components.contains(.iterate) }

  /// This path with one more step.
  public func appending(_ component: Component) -> JSONPath {
    JSONPath(components + [component])
  }

  /// The path one step shorter; nil for the identity.
  public var parent: JSONPath? {
    components.isEmpty ? nil : JSONPath(Array(components.dropLast()))
  }

  public var description: String { render() }

  /// The canonical text of the path: `.`, `.order.customer`, `.[0].amount`, `.a["odd key"]`, `.items[]`.
  ///
  /// `JSONPath.parse(path.render()) == path` for every path.
  public func render() -> String {
    var text = ""
    for component in components {
      switch component {
      case .member(let name): text = Self.appending(key: name, to: text)
      case .index(let index): text = Self.appending(index: index, to: text)
      case .iterate: text += text.isEmpty ? ".[]" : "[]"
      }
    }
    return text.isEmpty ? "." : text
  }

  /// The path text `base` extended by the member `key`, for building paths cheaply (diffs):
  /// `appending(key: "amount", to: ".payments[3]")` is `.payments[3].amount`; a key that is not a plain
  /// name is quoted: `.["odd key"]`. `base` is `.` or empty for the root.
  public static func appending(key: String, to base: String) -> String {
    let prefix = base == "." ? "" : base
    if isName(key) { return prefix + "." + key }
    return (prefix.isEmpty ? ".[" : prefix + "[") + JSONPrinter.quoted(key) + "]"
  }

  /// The path text `base` extended by the element `index`: `.payments` + 3 is `.payments[3]`, the root
  /// `.` + 0 is `.[0]`.
  public static func appending(index: Int, to base: String) -> String {
    let prefix = base == "." ? "" : base
    return (prefix.isEmpty ? ".[" : prefix + "[") + String(index) + "]"
  }

  /// True when `key` can be written as `.key`: an ASCII letter or `_`, then letters, digits, `_`, `-`.
  public static func isName(_ key: String) -> Bool {
    guard let first = key.utf8.first, isNameStart(first) else { return false }
    return key.utf8.allSatisfy(isNameContinuation)
  }

  static func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
  }

  static func isNameContinuation(_ byte: UInt8) -> Bool {
    isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
  }
}

extension JSONPath.Component: CustomStringConvertible {
  /// The step as it reads after another step: `.name`, `["odd key"]`, `[3]`, `[]`.
  public var description: String {
    switch self {
    case .member(let name): String(JSONPath.appending(key: name, to: "x").dropFirst())
    case .index(let index): "[\(index)]"
    case .iterate: "[]"
    }
  }
}
