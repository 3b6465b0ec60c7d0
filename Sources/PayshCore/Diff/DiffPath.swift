/// Where a change sits in a JSON document, written jq-style: `.payments[cf_payment_id=5114915171].payment_status`.
///
/// Array elements matched by identity are named by that identity (`[refund_id="rf_1"]`), so a path stays
/// true when entities are inserted before it; elements compared by position are named by index (`[3]`).
public struct DiffPath: Sendable, Hashable, CustomStringConvertible {
  /// One step into a document.
  public enum Component: Sendable, Hashable {
    /// An object member.
    case key(String)
    /// An array element by position.
    case index(Int)
    /// An array element by its identity field: `field` holds `value` (a scalar as JSON text, strings quoted).
    case match(field: String, value: String)
  }

  public var components: [Component]

  public init(_ components: [Component] = []) {
    self.components = components
  }

  /// `.` for the document itself.
  public var description: String {
    guard !components.isEmpty else { return "." }
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        text += DiffPath.isPlainKey(key) ? ".\(key)" : (text.isEmpty ? "." : "") + "[\(JSONPrinter.quoted(key))]"
      case .index(let index): text += (text.isEmpty ? "." : "") + "[\(index)]"
      case .match(let field, let value): text += (text.isEmpty ? "." : "") + "[\(field)=\(value)]"
      }
    }
    return text
  }

  /// Keys that can be written after a dot: letters, digits, `_`, `-`, `$`, not starting with a digit.
  static func isPlainKey(_ key: String) -> Bool {
    guard let first = key.utf8.first, !(0x30...0x39).contains(first) else { return false }
    return key.utf8.allSatisfy {
      (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F
        || $0 == 0x2D || $0 == 0x24
    }
  }
}
