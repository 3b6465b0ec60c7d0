/// One command as written: its name and the words after it.
public struct CommandNode: Sendable, Hashable {
  /// The command's name as written (an alias stays an alias here).
  public var name: Word
  /// The words after the name, unbound: options are sorted out against the command's spec later.
  public var arguments: [Word]
  /// From the first letter of the name to the end of the last word.
  public var span: SourceSpan

  public init(name: Word, arguments: [Word], span: SourceSpan) {
    self.name = name
    self.arguments = arguments
    self.span = span
  }
}

/// A parsed `.ops` source: its commands in order, and every problem found reading it.
public struct Script: Sendable {
  public var source: SourceFile
  public var commands: [CommandNode]
  public var diagnostics: [Diagnostic]

  public init(source: SourceFile, commands: [CommandNode], diagnostics: [Diagnostic]) {
    self.source = source
    self.commands = commands
    self.diagnostics = diagnostics
  }

  /// True when the source has no syntax errors.
  public var isValid: Bool { !diagnostics.contains { $0.severity == .error } }
}
