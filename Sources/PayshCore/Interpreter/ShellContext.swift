/// What the shell remembers between commands: the gateway in use, where it is reached, and variables.
public struct ShellContext: Sendable, Hashable {
  /// The gateway chosen with `use`; nil before.
  public var gateway: String?
  /// `local` (the embedded simulator), `sandbox` or `production`.
  public var environment: String = "local"
  /// An API version asked for with `use … --version`; nil means the gateway's default.
  public var apiVersion: String?
  /// A base URL that overrides the environment's, from `use … --base-url`.
  public var baseURL: String?
  /// Variables set with `set`, used as `$name`.
  public var variables: [String: String] = [:]
  /// Snapshot names bound with `set name = @ref`, used as `@name`.
  public var refs: [String: SnapshotRef] = [:]

  public init() {}

  /// True for a variable name: letters, digits and `_`, not starting with a digit (what `$name` reads).
  public static func isVariableName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return text.unicodeScalars.allSatisfy(Lexer.isNameScalar)
  }

  /// The prompt without its trailing `> `: `paysh` before `use`, `paysh cashfree@local` after.
  public var promptLabel: String {
    guard let gateway else { return "paysh" }
    return "paysh \(gateway)@\(environment)"
  }

  /// True when commands reach a production gateway: the prompt shows it in red.
  public var isProduction: Bool { environment == "production" }

  /// The prompt, coloured when `style` allows (production in red).
  public func prompt(style: TextStyle) -> String {
    guard let gateway else { return "paysh> " }
    let place = "\(gateway)@\(environment)"
    return "paysh \(isProduction ? style.red(style.bold(place)) : style.cyan(place))> "
  }
}
