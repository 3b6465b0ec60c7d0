/// `open NAME`: make a stored session current again, so its snapshots are `@1…` and its names `@name`.
struct OpenCommand: CommandHandler {
  let spec = CommandSpec(
    name: "open",
    synopsis: "open NAME",
    abstract: "Make a stored session current again (its snapshots become @1, @2, …)",
    discussion: """
      Later fetches are added to the opened session. Names given with `set name = @ref` in that session come
      back with it. `sessions` lists the names; an unsaved session opens by its unsaved-XXXXXXXX label.
      To look inside a shared .paysh file without importing it, run `paysh open FILE.paysh`.
      """,
    examples: ["open refund-dispute-4411", "open unsaved-3f2a9c01"],
    arguments: [ArgumentSpec("name", .sessionName)]
  )

  func storeChange(_ invocation: Invocation) -> String? {
    "switch to the stored session \(invocation.positionals.first?.raw ?? "") (later fetches and saves would change it)"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? ""
    let (session, tags) = try invocation.withStore(shell) { log, store in
      guard let session = try store.session(named: name) else {
        let names = try store.sessions().map(\.label)
        let close = Suggestion.closest(to: name, in: names)
        throw invocation.error(
          "no session named \(name)", at: invocation.positionals.first, label: close.map { "did you mean \($0)?" },
          hint: "`sessions` lists them")
      }
      try log.use(session: session.id)
      return (session, try store.tags(session: session.id))
    }
    shell.context.refs = tags.mapValues { SnapshotRef.index($0) }
    let gateways = session.gateways.isEmpty ? "" : " (\(session.gateways.joined(separator: ", ")))"
    let refs = session.snapshots == 0 ? "" : ": @1 to @\(session.snapshots)"
    shell.output.write(
      "opened \(session.label), \(session.snapshots) snapshot\(session.snapshots == 1 ? "" : "s")\(gateways)\(refs)\n")
  }
}
