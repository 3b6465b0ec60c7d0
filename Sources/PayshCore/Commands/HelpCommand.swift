/// `help [command]`: the command list, or one command's synopsis, options and examples.
struct HelpCommand: CommandHandler {
  let spec = CommandSpec(
    name: "help", aliases: ["?"],
    synopsis: "help [command]",
    abstract: "List the commands, or explain one",
    discussion:
      "Without an argument, lists every command with a one-line summary. With a command name (or alias), shows its usage, options and examples.",
    examples: ["help", "help use"],
    arguments: [ArgumentSpec("command", .commandName, optional: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let style = shell.style
    guard let word = invocation.positionals.first else {
      shell.output.write(HelpCommand.overview(shell.registry, style: style))
      return
    }
    let name = try shell.expand(word, in: invocation)
    guard let command = shell.registry.command(named: name) else {
      let close = Suggestion.closest(to: name, in: shell.registry.allNames)
      throw invocation.error(
        "no command named '\(name)'", at: word, label: close.map { "did you mean '\($0)'?" },
        hint: "`help` lists the commands")
    }
    shell.output.write(HelpCommand.detail(command.spec, style: style))
  }

  /// The list of all commands.
  static func overview(_ registry: Registry, style: TextStyle) -> String {
    let rows = registry.specs.map { spec -> (String, String) in
      let names = ([spec.name] + spec.aliases).joined(separator: ", ")
      return (names, spec.abstract)
    }
    let width = rows.map(\.0.count).max() ?? 0
    var out = "\(style.bold("paysh commands")) (\(style.dim("help <command>")) for details):\n"
    for (names, abstract) in rows {
      out += "  \(style.bold(names))\(String(repeating: " ", count: width - names.count))  \(abstract)\n"
    }
    out +=
      "\nOne command a line; `;` separates commands; `#` starts a comment; \"…\" quotes; $name is a variable; @last, @prev, @N are snapshots.\n"
    return out
  }

  /// One command's help page.
  static func detail(_ spec: CommandSpec, style: TextStyle) -> String {
    var out = "\(style.bold("usage:")) \(spec.usage)\n\n\(spec.abstract).\n"
    if !spec.aliases.isEmpty { out += "Also: \(spec.aliases.joined(separator: ", "))\n" }
    if !spec.discussion.isEmpty { out += "\n\(spec.discussion)\n" }
    if !spec.options.isEmpty {
      out += "\n\(style.bold("options:"))\n"
      let labels = spec.options.map { option in
        "--\(option.name)" + (option.value.map { " " + $0.placeholder } ?? "")
      }
      let width = labels.map(\.count).max() ?? 0
      for (label, option) in zip(labels, spec.options) {
        out += "  \(label)\(String(repeating: " ", count: width - label.count))  \(option.abstract)\n"
      }
    }
    if !spec.examples.isEmpty {
      out += "\n\(style.bold("examples:"))\n"
      for example in spec.examples { out += "  \(example)\n" }
    }
    return out
  }
}
