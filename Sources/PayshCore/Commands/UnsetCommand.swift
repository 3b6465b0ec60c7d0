/// `unset NAME…`: forget variables (and snapshot names).
struct UnsetCommand: CommandHandler {
  let spec = CommandSpec(
    name: "unset",
    synopsis: "unset NAME…",
    abstract: "Remove variables or snapshot names",
    examples: ["unset order", "unset first order"],
    arguments: [ArgumentSpec("name", .variableName, repeating: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    for word in invocation.positionals {
      let name = try shell.expand(word, in: invocation)
      let cleaned = name.hasPrefix("$") || name.hasPrefix("@") ? String(name.dropFirst()) : name
      guard shell.context.variables[cleaned] != nil || shell.context.refs[cleaned] != nil else {
        let known = Array(shell.context.variables.keys) + Array(shell.context.refs.keys)
        let close = Suggestion.closest(to: cleaned, in: known)
        throw invocation.error(
          "no variable named '\(cleaned)'", at: word, label: close.map { "did you mean '\($0)'?" },
          hint: "`vars` lists what is set")
      }
      shell.context.variables[cleaned] = nil
      shell.context.refs[cleaned] = nil
    }
  }
}
