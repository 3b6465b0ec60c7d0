/// Every problem a user sees — parse, command, gateway, expectation — is one of these.
///
/// It names what was wrong (`message`), where (`span` in `source`, with an optional `label` printed
/// after the carets), and what to do (`hint`). `kind` decides the exit status of a script that hits it.
public struct Diagnostic: Error, Sendable, Hashable {
  public enum Severity: String, Sendable, Hashable {
    case error, warning, note
  }

  /// The kind of failure, which maps to an exit status.
  public enum Kind: Sendable, Hashable {
    /// Bad command-line use of paysh itself: exit 1.
    case usage
    /// A script that cannot be read or bound to commands: exit 2.
    case syntax
    /// Network, authentication, gateway or other failure while running: exit 3.
    case runtime
    /// An `expect` that did not hold: exit 4.
    case expectation

    public var exitStatus: ExitStatus {
      switch self {
      case .usage: .usage
      case .syntax: .syntax
      case .runtime: .runtime
      case .expectation: .expectation
      }
    }
  }

  public var severity: Severity
  public var message: String
  public var span: SourceSpan?
  public var source: SourceFile?
  public var label: String?
  public var hint: String?
  public var kind: Kind

  public init(
    _ severity: Severity, _ message: String, span: SourceSpan? = nil, source: SourceFile? = nil,
    label: String? = nil, hint: String? = nil, kind: Kind = .runtime
  ) {
    self.severity = severity
    self.message = message
    self.span = span
    self.source = source
    self.label = label
    self.hint = hint
    self.kind = kind
  }

  /// A runtime error pointing at a word of a command.
  public static func runtime(
    _ message: String, at word: Word? = nil, in source: SourceFile? = nil, hint: String? = nil
  )
    -> Diagnostic
  {
    Diagnostic(.error, message, span: word?.span, source: source, hint: hint, kind: .runtime)
  }

  /// `t.ops:4:1: message`: the message after its place, on one line (`source` when the diagnostic has none).
  public func placedMessage(in fallback: SourceFile) -> String {
    let place = span.map { "\((source ?? fallback).name):\($0.start.line):\($0.start.column): " }
    return (place ?? "") + message
  }

  public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    lhs.severity == rhs.severity && lhs.message == rhs.message && lhs.span == rhs.span
      && lhs.label == rhs.label && lhs.hint == rhs.hint && lhs.kind == rhs.kind
      && lhs.source?.name == rhs.source?.name
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(message)
    hasher.combine(span)
  }
}

/// How a `paysh` run ends.
public enum ExitStatus: Int32, Sendable, Comparable {
  case ok = 0
  case usage = 1
  case syntax = 2
  case runtime = 3
  case expectation = 4

  public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ExitStatus {
  /// The status of a run that had `self` so far and then met `next`: the first kind of failure seen
  /// wins, except that a runtime failure outranks a failed expectation.
  public func combined(with next: ExitStatus) -> ExitStatus {
    self == .ok || (self == .expectation && next != .ok) ? next : self
  }
}
