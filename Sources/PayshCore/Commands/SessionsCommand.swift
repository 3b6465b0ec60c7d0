/// `sessions`: the sessions in the store, with what each holds.
struct SessionsCommand: CommandHandler {
  let spec = CommandSpec(
    name: "sessions",
    synopsis: "sessions [--mine | --author NAME]",
    abstract: "List the stored sessions (name, author, created, snapshots, gateways, orders)",
    discussion: """
      The current session is marked with *. Unsaved sessions are listed as unsaved-XXXXXXXX; `open` takes
      that label too, and `save NAME` names the current one. AUTHOR is who made the session ($USER, or
      `author = "…"` in config.toml; - for a session from before paysh kept authors). `--mine` lists only
      yours, `--author NAME` only NAME's.
      """,
    examples: ["sessions", "sessions --mine", "sessions --author asha"],
    options: [
      OptionSpec("mine", "Only the sessions you made"),
      OptionSpec("author", value: .text(placeholder: "NAME"), "Only the sessions NAME made"),
    ]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    if invocation.flag("mine"), let word = invocation.value("author") {
      throw invocation.error("--mine and --author cannot go together", at: word, hint: "give one of them")
    }
    let wanted = try invocation.value("author").map { try shell.expand($0, in: invocation) }
    let (all, current, me) = try invocation.withStore(shell) { log, store in
      (try store.sessions(), log.currentSession, store.author)
    }
    if invocation.flag("mine"), me == nil {
      throw invocation.error(
        "paysh does not know who you are here", hint: "set USER, or author = \"NAME\" in config.toml")
    }
    let author = invocation.flag("mine") ? me : wanted
    let sessions = author.map { name in all.filter { $0.author == name } } ?? all
    guard !sessions.isEmpty else {
      if let author {
        let total = Counted.text(all.count, "session")
        shell.output.write("no sessions by \(TerminalText.inline(author)) (\(total) in all)\n")
      } else {
        shell.output.write("no sessions yet: every fetch starts one\n")
      }
      return
    }
    var table = TextTable(
      ["", "NAME", "AUTHOR", "CREATED", "SNAPSHOTS", "GATEWAYS", "ORDERS"], rightAligned: [4, 6])
    for session in sessions {
      table.add([
        session.id == current ? "*" : "", session.label, TerminalText.inline(session.author ?? "-"),
        String(session.createdAt.prefix(16)).replacingT(),
        String(session.snapshots), session.gateways.isEmpty ? "-" : session.gateways.joined(separator: ","),
        String(session.orders),
      ])
    }
    shell.output.write(table.render(style: shell.style))
  }
}

extension String {
  /// `2026-05-01T10:20` as `2026-05-01 10:20`.
  func replacingT() -> String {
    guard count > 10 else { return self }
    return String(prefix(10)) + " " + String(dropFirst(11))
  }
}
