/// What the lexer hands the parser: words, and the ends of commands.
public enum Token: Sendable, Hashable {
  /// A word of a command.
  case word(Word)
  /// A newline or `;`: the end of one command.
  case separator(SourceSpan)
  /// The end of the source.
  case end(SourceSpan)
}
