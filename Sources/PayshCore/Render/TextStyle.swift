/// ANSI styling that can be switched off: plain when `NO_COLOR` is set or output is not a terminal.
public struct TextStyle: Sendable, Hashable {
  public var colour: Bool

  public init(colour: Bool) {
    self.colour = colour
  }

  public static let plain = TextStyle(colour: false)
  public static let ansi = TextStyle(colour: true)

  /// Colour when `isTerminal` and the environment does not ask for none (`NO_COLOR`, `TERM=dumb`).
  public static func detect(isTerminal: Bool, environment: [String: String]) -> TextStyle {
    if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return .plain }
    if environment["TERM"] == "dumb" { return .plain }
    if let force = environment["CLICOLOR_FORCE"], force != "0", !force.isEmpty { return .ansi }
    return TextStyle(colour: isTerminal)
  }

  func wrap(_ text: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  public func bold(_ text: String) -> String { wrap(text, "1") }
  public func dim(_ text: String) -> String { wrap(text, "2") }
  public func red(_ text: String) -> String { wrap(text, "31") }
  public func green(_ text: String) -> String { wrap(text, "32") }
  public func yellow(_ text: String) -> String { wrap(text, "33") }
  public func blue(_ text: String) -> String { wrap(text, "34") }
  public func magenta(_ text: String) -> String { wrap(text, "35") }
  public func cyan(_ text: String) -> String { wrap(text, "36") }
}
