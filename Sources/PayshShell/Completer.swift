import PayshCore

/// Tab completion generated from the command registry: pure Swift, no terminal needed.
///
/// Given the text before the cursor it decides what the word under the cursor is (a command name, an
/// option, an option's value, the N-th positional argument, a `$variable`, an `@ref`) from the command's
/// `CommandSpec`, the way `Binder` will read the finished line, and lists the words that fit.
public struct Completer: Sendable {
  public var registry: Registry
  /// The shell's state when Tab was pressed: its variables and named snapshots complete.
  public var context: ShellContext
  /// Where relative paths start; nil for the process's working directory.
  public var workingDirectory: String?
  /// What `~/` stands for in a path; nil leaves `~` alone.
  public var homeDirectory: String?

  public init(
    registry: Registry, context: ShellContext = ShellContext(), workingDirectory: String? = nil,
    homeDirectory: String? = nil
  ) {
    self.registry = registry
    self.context = context
    self.workingDirectory = workingDirectory
    self.homeDirectory = homeDirectory
  }

  /// The completion of the word that ends at the end of `textBeforeCursor`.
  public func complete(_ textBeforeCursor: String) -> Completion {
    let line = PartialLine(textBeforeCursor)
    let current = line.current
    if line.inComment { return .none(at: current.start) }
    if let variable = line.variablePrefix {
      let inside = variable.start > current.start || current.openQuote != nil
      return completion(
        start: variable.start, typed: "$" + variable.name, openQuote: nil, insideWord: inside,
        words: variableCandidates())
    }
    guard let name = line.words.first else {
      if current.quoted { return .none(at: current.start) }
      return completion(for: current, words: registry.allNames.map { Completion.Candidate($0) })
    }
    guard !name.quoted, let command = registry.command(named: name.text) else { return .none(at: current.start) }
    return complete(current, arguments: Array(line.words.dropFirst()), spec: command.spec)
  }

  /// The completion of `current`, the word after `arguments` of a command with `spec`.
  func complete(_ current: PartialLine.Piece, arguments: [PartialLine.Piece], spec: CommandSpec) -> Completion {
    let state = ArgumentState(spec: spec, arguments: arguments)
    if let option = state.pendingOption, let kind = option.value {
      return completion(for: current, words: candidates(for: kind, typed: current.text))
    }
    if state.optionsOpen, !current.quoted, current.text.hasPrefix("-") {
      if let equals = current.text.firstIndex(of: "="), current.text.hasPrefix("--") {
        let optionName = String(current.text[current.text.index(current.text.startIndex, offsetBy: 2)..<equals])
        guard let kind = spec.option(named: optionName)?.value else { return .none(at: current.start) }
        var value = current
        value.text = String(current.text[current.text.index(after: equals)...])
        value.start = current.start + current.text[...equals].unicodeScalars.count
        return completion(for: value, words: candidates(for: kind, typed: value.text))
      }
      return completion(for: current, words: state.remainingOptions.map { Completion.Candidate("--" + $0.name) })
    }
    if !current.quoted, current.text.hasPrefix("@") {
      return completion(for: current, words: refCandidates())
    }
    guard let argument = spec.argument(at: state.positionalCount) else {
      guard state.optionsOpen, current.text.isEmpty else { return .none(at: current.start) }
      return completion(for: current, words: state.remainingOptions.map { Completion.Candidate("--" + $0.name) })
    }
    return completion(for: current, words: candidates(for: argument.kind, typed: current.text))
  }

  /// The words a value of `kind` may be.
  func candidates(for kind: ArgKind, typed: String) -> [Completion.Candidate] {
    switch kind {
    case .file(let extensions):
      return FileCompleter(workingDirectory: workingDirectory, homeDirectory: homeDirectory).candidates(
        for: typed, extensions: extensions)
    case .variableName:
      return context.variables.keys.sorted().map { Completion.Candidate($0) }
    case .commandName:
      return registry.allNames.map { Completion.Candidate($0) }
    case .ref:
      return refCandidates()
    case .text:
      return typed.hasPrefix("@") ? refCandidates() : []
    case .choice, .gateway, .environment:
      return (kind.fixedWords ?? []).map { Completion.Candidate($0) }
    }
  }

  /// `$name` for every variable set.
  func variableCandidates() -> [Completion.Candidate] {
    context.variables.keys.sorted().map { Completion.Candidate("$" + $0, isVerbatim: true) }
  }

  /// `@last`, `@prev` and every snapshot named with `set`.
  func refCandidates() -> [Completion.Candidate] {
    let fixed = ArgKind.ref.fixedWords ?? []
    let named = context.refs.keys.sorted().map { "@" + $0 }.filter { !fixed.contains($0) }
    return (fixed + named).map { Completion.Candidate($0, isVerbatim: true) }
  }

  /// The candidates among `words` that start with what `piece` holds, sorted, without repeats.
  func completion(for piece: PartialLine.Piece, words: [Completion.Candidate]) -> Completion {
    completion(start: piece.start, typed: piece.text, openQuote: piece.openQuote, insideWord: false, words: words)
  }

  func completion(
    start: Int, typed: String, openQuote: Unicode.Scalar?, insideWord: Bool, words: [Completion.Candidate]
  ) -> Completion {
    var seen = Set<String>()
    let matching = words.filter { $0.value.hasPrefix(typed) && seen.insert($0.value).inserted }
    return Completion(
      start: start, typed: typed, openQuote: openQuote, insideWord: insideWord,
      candidates: matching.sorted { $0.value < $1.value })
  }
}

/// How far a command's finished words have got through its spec: positionals seen, options used, and
/// whether the last word was an option still waiting for its value. Mirrors `Binder`.
struct ArgumentState {
  var positionalCount = 0
  var pendingOption: OptionSpec?
  var usedOptions: Set<String> = []
  /// False once `--` was written, or when the command reads its words freely and has no options.
  var optionsOpen: Bool
  let spec: CommandSpec

  init(spec: CommandSpec, arguments: [PartialLine.Piece]) {
    self.spec = spec
    optionsOpen = !(spec.freeform && spec.options.isEmpty)
    for word in arguments {
      if pendingOption != nil {
        pendingOption = nil
        continue
      }
      if optionsOpen, word.isOption {
        let body = word.text.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        usedOptions.insert(name)
        if !body.contains("="), let option = spec.option(named: name), !option.isFlag { pendingOption = option }
        continue
      }
      if optionsOpen, !word.quoted, word.text == "--" {
        optionsOpen = false
        continue
      }
      positionalCount += 1
    }
  }

  /// The options not yet given (a repeating one stays), in spec order.
  var remainingOptions: [OptionSpec] {
    spec.options.filter { $0.repeating || !usedOptions.contains($0.name) }
  }
}
