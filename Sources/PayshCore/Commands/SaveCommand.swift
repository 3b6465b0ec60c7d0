/// `save [NAME]`: give the current session a name, so `open NAME` finds it again.
struct SaveCommand: CommandHandler {
  let spec = CommandSpec(
    name: "save",
    synopsis: "save [NAME]",
    abstract: "Name the current session (kept in the store)",
    discussion: """
      Every fetch is already stored; `save` names the session so `sessions` lists it by name and `open NAME`
      brings it back. Saving again under another name renames it. A name another session has is refused,
      with a free one suggested. Without NAME, the session is named after today's date. In a replay
      (`paysh run`, `replay`) the session named is the replay's own, and a taken name gets a free suffix
      (NAME-2, …) instead of being refused.
      """,
    examples: ["save", "save refund-dispute-4411"],
    arguments: [ArgumentSpec("name", .text(placeholder: "NAME"), optional: true)]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    guard let word = invocation.positionals.first, let name = word.literal, let problem = SessionName.problem(name)
    else { return [] }
    return [invocation.syntaxError(problem, at: word)]
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let given = try invocation.text(at: 0, shell)
    if let given, let problem = SessionName.problem(given) {
      throw invocation.error(problem, at: invocation.positionals.first)
    }
    let message = try invocation.withStore(shell) { log, store -> String in
      try log.checkOwn("save")
      let id = try log.ensureSession()
      let current = try store.session(id: id)
      let name = try given ?? store.freeName(like: "session-" + String(Clock.utcTimestamp().prefix(10)))
      if current?.name == name { return "saved as \(name)" }
      // A label or uid prefix of another session counts as taken too (`open NAME` must find one session).
      var other = try store.session(named: name).flatMap { $0.id == id ? nil : $0 }
      if other == nil { other = try store.claim(name, session: id) }
      if let other {
        guard shell.services.replayPolicy != nil else {
          throw invocation.error(
            "a session named \(name) exists already (\(Counted.text(other.snapshots, "snapshot")), \(other.createdAt.prefix(10)))",
            at: invocation.positionals.first, hint: "choose another name, e.g. `save \(try store.freeName(like: name))`"
          )
        }
        // A replay names its own session and never refuses: the second replay of a script gets NAME-2.
        var free = try store.freeName(like: name)
        while try store.claim(free, session: id) != nil { free = try store.freeName(like: name) }
        let count = try store.count(session: id)
        return "saved as \(free) (\(name) is another session's): \(Counted.text(count, "snapshot"))"
      }
      let count = try store.count(session: id)
      let renamed = current?.name.map { " (was \($0))" } ?? ""
      return "saved as \(name)\(renamed): \(Counted.text(count, "snapshot"))"
    }
    shell.output.write(message + "\n")
  }
}
