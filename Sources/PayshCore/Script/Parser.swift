/// Turns `.ops` text into a `Script`: one `CommandNode` per command, each with its span.
///
/// The grammar is small on purpose: `script := command? (SEP command?)*`, `command := NAME word*`. What
/// a command's words mean is for its spec to say (see `Binder`); the parser checks only what holds for
/// every command: a name to start with, and well-formed `@ref`s.
public struct Parser {
  /// Reads `source` completely; never throws, collecting every diagnostic instead.
  public static func parse(_ source: SourceFile) -> Script {
    var lexer = Lexer(source: source)
    let tokens = lexer.tokenize()
    var diagnostics = lexer.diagnostics
    var commands: [CommandNode] = []
    var current: [Word] = []

    func finish() {
      defer { current = [] }
      guard let first = current.first else { return }
      if let problem = nameProblem(first) {
        diagnostics.append(
          Diagnostic(
            .error, problem, span: first.span, source: source, label: "expected a command name",
            hint: "a command starts with its name, e.g. `help`; quote nothing there", kind: .syntax))
        return
      }
      let refProblems = current.dropFirst().compactMap { refProblem($0, source: source) }
      guard refProblems.isEmpty else {
        diagnostics.append(contentsOf: refProblems)
        return
      }
      let span = first.span.union(current[current.count - 1].span)
      commands.append(CommandNode(name: first, arguments: Array(current.dropFirst()), span: span))
    }

    for token in tokens {
      switch token {
      case .word(let word): current.append(word)
      case .separator, .end: finish()
      }
    }
    // A line with a lexer error is not run, even if the rest of it parsed.
    let badLines = Set(lexer.diagnostics.map { $0.span?.start.line ?? 0 })
    if !badLines.isEmpty {
      commands.removeAll { badLines.contains($0.span.start.line) }
    }
    diagnostics.sort { ($0.span?.start.offset ?? 0) < ($1.span?.start.offset ?? 0) }
    return Script(source: source, commands: commands, diagnostics: diagnostics)
  }

  /// Parses one line typed at the prompt.
  public static func parse(line: String, name: String = "<input>") -> Script {
    parse(SourceFile(name: name, text: line))
  }

  static func nameProblem(_ word: Word) -> String? {
    if word.quoted { return "a command name cannot be quoted: \(word.raw)" }
    if word.variableName != nil || word.literal == nil {
      return "a command name cannot be a variable: \(word.raw)"
    }
    if word.refName != nil { return "a line cannot start with a snapshot reference: \(word.raw)" }
    if word.isOption { return "a line cannot start with an option: \(word.raw)" }
    return nil
  }

  /// Checks an unquoted `@…` word: `@last`, `@prev`, `@N` (N ≥ 1) or `@name`.
  static func refProblem(_ word: Word, source: SourceFile) -> Diagnostic? {
    guard let name = word.refName else { return nil }
    if SnapshotRef(name) != nil { return nil }
    return Diagnostic(
      .error, "'\(word.raw)' is not a snapshot reference", span: word.span, source: source,
      label: "not a reference",
      hint:
        "use @last, @prev, @N (the N-th snapshot, from 1) or @name set with `set name = @last`; quote it for a literal '@'",
      kind: .syntax)
  }
}
