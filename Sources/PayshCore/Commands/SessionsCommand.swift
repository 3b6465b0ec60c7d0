/// `sessions`: the sessions in the store, with what each holds.
struct SessionsCommand: CommandHandler {
  let spec = CommandSpec(
    name: "sessions",
    synopsis: "sessions",
    abstract: "List the stored sessions (name, created, snapshots, gateways, orders)",
    discussion: """
      The current session is marked with *. Unsaved sessions are listed as unsaved-XXXXXXXX; `open` takes
      that label too, and `save NAME` names the current one.
      """,
    examples: ["sessions"]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let (sessions, current) = try invocation.withStore(shell) { log, store in
      (try store.sessions(), log.currentSession)
    }
    guard !sessions.isEmpty else {
      shell.output.write("no sessions yet: every fetch starts one\n")
      return
    }
    var table = TextTable(["", "NAME", "CREATED", "SNAPSHOTS", "GATEWAYS", "ORDERS"], rightAligned: [3, 5])
    for session in sessions {
      table.add([
        session.id == current ? "*" : "", session.label, String(session.createdAt.prefix(16)).replacingT(),
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
