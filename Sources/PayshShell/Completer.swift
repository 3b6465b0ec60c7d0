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
  /// What paysh holds (order ids, snapshots, sessions, profiles, JSON); nil completes from the specs alone.
  public var known: (any KnownWords)?

  public init(
    registry: Registry, context: ShellContext = ShellContext(), workingDirectory: String? = nil,
    homeDirectory: String? = nil, known: (any KnownWords)? = nil
  ) {
    self.registry = registry
    self.context = context
    self.workingDirectory = workingDirectory
    self.homeDirectory = homeDirectory
    self.known = known
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
      return completion(for: current, words: refCandidates(typed: current.text), sorted: false)
    }
    if !current.quoted, current.text.hasPrefix("."), takesPath(spec, at: state.positionalCount) {
      let ref = arguments.last { !$0.quoted && $0.text.hasPrefix("@") }?.text
      return completion(for: current, words: pathCandidates(typed: current.text, ref: ref))
    }
    guard let argument = spec.argument(at: state.positionalCount) else {
      guard state.optionsOpen, current.text.isEmpty else { return .none(at: current.start) }
      return completion(for: current, words: state.remainingOptions.map { Completion.Candidate("--" + $0.name) })
    }
    return completion(
      for: current, words: candidates(for: argument.kind, typed: current.text), sorted: argument.kind != .orderID)
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
      return refCandidates(typed: typed)
    case .text:
      return typed.hasPrefix("@") ? refCandidates(typed: typed) : []
    case .orderID:
      return (known?.orderIDs(startingWith: typed) ?? []).map { Completion.Candidate($0) }
    case .sessionName:
      return (known?.sessionNames(startingWith: typed) ?? []).map { Completion.Candidate($0) }
    case .profileName:
      return (known?.profileNames() ?? []).map { Completion.Candidate($0) }
    case .jsonPath:
      return pathCandidates(typed: typed, ref: nil)
    case .choice, .gateway, .environment:
      return (kind.fixedWords ?? []).map { Completion.Candidate($0) }
    }
  }

  /// `$name` for every variable set.
  func variableCandidates() -> [Completion.Candidate] {
    context.variables.keys.sorted().map { Completion.Candidate("$" + $0, isVerbatim: true) }
  }

  /// The candidates among `words` that start with what `piece` holds, without repeats, sorted unless
  /// `sorted` is false (the words' own order: this session's order ids first, `@N` by number).
  func completion(for piece: PartialLine.Piece, words: [Completion.Candidate], sorted: Bool = true) -> Completion {
    completion(
      start: piece.start, typed: piece.text, openQuote: piece.openQuote, insideWord: false, words: words,
      sorted: sorted)
  }

  func completion(
    start: Int, typed: String, openQuote: Unicode.Scalar?, insideWord: Bool, words: [Completion.Candidate],
    sorted: Bool = true
  ) -> Completion {
    var seen = Set<String>()
    let matching = words.filter { $0.value.hasPrefix(typed) && seen.insert($0.value).inserted }
    return Completion(
      start: start, typed: typed, openQuote: openQuote, insideWord: insideWord,
      candidates: sorted ? matching.sorted { $0.value < $1.value } : matching)
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
