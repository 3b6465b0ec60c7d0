/// Binds a parsed `CommandNode` to its command: finds the command, sorts options from positionals,
/// and checks counts and fixed-choice values, suggesting the closest spelling for every mistake.
public struct Binder: Sendable {
  public var registry: Registry
  /// Look for "did you mean …" spellings. Off once a script has more mistakes than are shown: they are
  /// counted, not dressed (100,000 bad lines would otherwise cost seconds of edit distances).
  public var suggests = true

  public init(registry: Registry) {
    self.registry = registry
  }

  func closest(_ word: String, in candidates: @autoclosure () -> [String]) -> String? {
    suggests ? Suggestion.closest(to: word, in: candidates()) : nil
  }

  /// The bound command, or every problem found with it.
  public func bind(_ node: CommandNode, source: SourceFile) -> Result<(any CommandHandler, Invocation), BindFailure> {
    let name = node.name.literal ?? node.name.raw
    guard let handler = registry.command(named: name) else {
      let suggestion = closest(name, in: registry.allNames)
      return .failure(
        BindFailure([
          Diagnostic(
            .error, "unknown command '\(name)'", span: node.name.span, source: source,
            label: suggestion.map { "did you mean '\($0)'?" } ?? "not a command",
            hint: "`help` lists the commands", kind: .syntax)
        ]))
    }
    let spec = handler.spec
    var diagnostics: [Diagnostic] = []
    var positionals: [Word] = []
    var options: [String: [Invocation.OptionUse]] = [:]
    var words = node.arguments[...]
    var optionsEnded = false
    while let word = words.popFirst() {
      if !optionsEnded, !word.quoted, word.literal == "--" {
        optionsEnded = true
        continue
      }
      if !optionsEnded, word.isOption, !(spec.freeform && spec.options.isEmpty) {
        bindOption(word, spec: spec, source: source, rest: &words, into: &options, diagnostics: &diagnostics)
      } else {
        positionals.append(word)
      }
    }
    // After a bad option, which words were meant as its value is unknown: don't pile on count errors.
    if !spec.freeform, diagnostics.isEmpty {
      checkPositionals(positionals, node: node, spec: spec, source: source, diagnostics: &diagnostics)
    }
    let invocation = Invocation(spec: spec, node: node, source: source, positionals: positionals, options: options)
    if diagnostics.isEmpty { diagnostics = handler.check(invocation) }
    return diagnostics.isEmpty ? .success((handler, invocation)) : .failure(BindFailure(diagnostics))
  }

  func bindOption(
    _ word: Word, spec: CommandSpec, source: SourceFile, rest: inout ArraySlice<Word>,
    into options: inout [String: [Invocation.OptionUse]], diagnostics: inout [Diagnostic]
  ) {
    guard case .text(let first) = word.parts[0] else { return }
    let body = first.dropFirst(2)
    let name = String(body.prefix { $0 != "=" })
    let hasInlineValue = body.contains("=" as Character)  // not Foundation's substring search
    guard let option = spec.option(named: name) else {
      let suggestion = closest(name, in: spec.options.map(\.name)).map { "did you mean '--\($0)'?" }
      let known = spec.options.map { "--\($0.name)" }.joined(separator: ", ")
      diagnostics.append(
        Diagnostic(
          .error, "unknown option '--\(name)' for \(spec.name)", span: word.span, source: source,
          label: suggestion ?? "not an option of \(spec.name)",
          hint: known.isEmpty ? "\(spec.name) takes no options" : "\(spec.name) takes \(known)", kind: .syntax))
      return
    }
    var value: Word?
    if hasInlineValue {
      guard !option.isFlag else {
        diagnostics.append(
          Diagnostic(
            .error, "--\(name) is a flag and takes no value", span: word.span, source: source,
            hint: "write --\(name) alone", kind: .syntax))
        return
      }
      value = Binder.inlineValue(of: word, afterName: name)
    } else if !option.isFlag {
      guard let next = rest.first, !next.isOption else {
        diagnostics.append(
          Diagnostic(
            .error, "--\(name) needs a value", span: word.span, source: source, label: "value missing",
            hint: "write --\(name) \(option.value.map(\.placeholder) ?? "VALUE")", kind: .syntax))
        return
      }
      value = rest.popFirst()
    }
    if let value, let kind = option.value,
      let problem = choiceProblem(value, kind: kind, what: "--\(name)", source: source)
    {
      diagnostics.append(problem)
    }
    if options[name] != nil, !option.repeating {
      diagnostics.append(
        Diagnostic(
          .warning, "--\(name) is given more than once; the last one counts", span: word.span, source: source,
          kind: .syntax))
    }
    options[name, default: []].append(Invocation.OptionUse(span: word.span, value: value))
  }

  /// The value part of `--name=value`, keeping any `$var` in it.
  static func inlineValue(of word: Word, afterName name: String) -> Word {
    var parts = word.parts
    if case .text(let first) = parts[0] {
      let rest = String(first.dropFirst(2 + name.count + 1))
      if rest.isEmpty { parts.removeFirst() } else { parts[0] = .text(rest) }
    }
    if parts.isEmpty { parts = [.text("")] }
    return Word(parts: parts, span: word.span, quoted: word.quoted, raw: word.raw)
  }

  func checkPositionals(
    _ positionals: [Word], node: CommandNode, spec: CommandSpec, source: SourceFile, diagnostics: inout [Diagnostic]
  ) {
    let required = spec.arguments.filter { !$0.optional }.count
    if positionals.count < required {
      let missing = spec.arguments[positionals.count]
      diagnostics.append(
        Diagnostic(
          .error, "\(spec.name) needs <\(missing.name)>", span: node.span, source: source,
          label: "missing <\(missing.name)>",
          hint: "usage: \(spec.usage)", kind: .syntax))
      return
    }
    for (index, word) in positionals.enumerated() {
      guard let argument = spec.argument(at: index) else {
        diagnostics.append(
          Diagnostic(
            .error,
            "\(spec.name) takes at most \(spec.arguments.count) argument\(spec.arguments.count == 1 ? "" : "s")",
            span: word.span, source: source, label: "unexpected", hint: "usage: \(spec.usage)", kind: .syntax))
        return
      }
      if let problem = choiceProblem(word, kind: argument.kind, what: "<\(argument.name)>", source: source) {
        diagnostics.append(problem)
      }
    }
  }

  /// For a literal word where a fixed set of words is expected: an error naming the closest one.
  func choiceProblem(_ word: Word, kind: ArgKind, what: String, source: SourceFile) -> Diagnostic? {
    guard let text = word.literal else { return nil }
    let words: [String]
    switch kind {
    case .choice(let choices): words = choices
    case .gateway: words = Gateways.names
    case .environment: words = Environments.names
    case .commandName: words = registry.allNames
    default: return nil
    }
    if words.contains(text) { return nil }
    let noun: String
    switch kind {
    case .gateway: noun = "gateway"
    case .environment: noun = "environment"
    case .commandName: noun = "command"
    default: noun = "value for \(what)"
    }
    let suggestion = closest(text, in: words)
    return Diagnostic(
      .error, "unknown \(noun) '\(text)'", span: word.span, source: source,
      label: suggestion.map { "did you mean '\($0)'?" } ?? "not one of them",
      hint: "expected one of: \(words.joined(separator: ", "))", kind: .syntax)
  }
}

/// The diagnostics that kept a command from binding.
public struct BindFailure: Error, Sendable {
  public var diagnostics: [Diagnostic]
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
