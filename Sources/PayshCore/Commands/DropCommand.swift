/// `drop NAME [--yes]`: delete a session and everything in it, after asking.
struct DropCommand: CommandHandler {
  let spec = CommandSpec(
    name: "drop",
    synopsis: "drop NAME [--yes]",
    abstract: "Delete a stored session with its snapshots (asks first)",
    discussion: """
      At the prompt, asks before deleting. In a script, or with stdin not a terminal, nothing can ask:
      add --yes. Dropping the current session leaves none current; the next fetch starts a new one.
      """,
    examples: ["drop scratch", "drop unsaved-3f2a9c01 --yes"],
    arguments: [ArgumentSpec("name", .sessionName)],
    options: [OptionSpec("yes", "Delete without asking")]
  )

  func storeChange(_ invocation: Invocation) -> String? {
    "delete the stored session \(invocation.positionals.first?.raw ?? "")"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? ""
    let session = try invocation.withStore(shell) { log, store in
      guard let session = try store.session(named: name) else {
        let close = Suggestion.closest(to: name, in: try store.sessions().map(\.label))
        throw invocation.error(
          "no session named \(name)", at: invocation.positionals.first, label: close.map { "did you mean \($0)?" },
          hint: "`sessions` lists them")
      }
      if let owner = session.author, owner != log.author {
        throw StoreError.colleaguesSession(session.label, author: owner, action: "drop")
      }
      return session
    }
    let what = "\(session.label) (\(Counted.text(session.snapshots, "snapshot")))"
    if !invocation.flag("yes") {
      guard let ask = shell.services.prompter else {
        throw invocation.error(
          "drop asks before deleting, and nothing can ask here", hint: "add --yes: `drop \(name) --yes`")
      }
      let answer = try ask("drop session \(what)? [y/N]", false)?.lowercased() ?? ""
      guard answer == "y" || answer == "yes" else {
        shell.output.write("kept \(session.label)\n")
        return
      }
    }
    try invocation.withStore(shell) { log, store in
      try store.drop(session: session.id)
      if log.currentSession == session.id {
        log.leaveSession()
        shell.context.refs = [:]
      }
    }
    shell.output.write("dropped \(what)\n")
  }
}
