extension Interpreter {
  /// The text of `word` with every `$name` replaced by the variable's value.
  ///
  /// An unset variable is an error pointing at it, suggesting a set variable of a close name.
  public func expand(_ word: Word, in invocation: Invocation) throws -> String {
    var result = ""
    for part in word.parts {
      switch part {
      case .text(let text): result += text
      case .variable(let name, let span):
        if let value = context.variables[name] {
          result += value
        } else {
          let close = Suggestion.closest(to: name, in: Array(context.variables.keys))
          throw Diagnostic(
            .error, "variable $\(name) is not set", span: span, source: invocation.source,
            label: close.map { "did you mean $\($0)?" } ?? "not set",
            hint: "set it first: `set \(name) = VALUE` (`vars` lists what is set)", kind: .runtime)
        }
      }
    }
    return result
  }

  /// Every positional argument expanded.
  public func expandedPositionals(_ invocation: Invocation) throws -> [String] {
    try invocation.positionals.map { try expand($0, in: invocation) }
  }

  /// The expanded value of option `--name`, if given.
  public func optionValue(_ name: String, in invocation: Invocation) throws -> String? {
    try invocation.value(name).map { try expand($0, in: invocation) }
  }
}
