/// `quit [status]`: leave the shell (or end a script) now.
struct QuitCommand: CommandHandler {
  let spec = CommandSpec(
    name: "quit", aliases: ["exit"],
    synopsis: "quit [status]",
    abstract: "Leave the shell, or end a script here",
    discussion:
      "Ctrl-D on an empty line also quits. In a script, ends the run with the given status (0 to 4), or with the status so far.",
    examples: ["quit", "exit 4"],
    arguments: [ArgumentSpec("status", .choice(["0", "1", "2", "3", "4"]), optional: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    guard let word = invocation.positionals.first else {
      shell.requestQuit(shell.status)
      return
    }
    let text = try shell.expand(word, in: invocation)
    guard let code = Int32(text), let status = ExitStatus(rawValue: code) else {
      throw invocation.error("'\(text)' is not an exit status", at: word, hint: "use 0 to 4")
    }
    shell.requestQuit(status)
  }
}
