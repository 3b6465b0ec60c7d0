/// `open NAME`: make a stored session current again, so its snapshots are `@1…` and its names `@name`.
struct OpenCommand: CommandHandler {
  let spec = CommandSpec(
    name: "open",
    synopsis: "open NAME [--copy]",
    abstract: "Make a stored session current again (its snapshots become @1, @2, …)",
    discussion: """
      Later fetches are added to the opened session. Names given with `set name = @ref` in that session come
      back with it. `sessions` lists the names; an unsaved session opens by its unsaved-XXXXXXXX label.
      To look inside a shared .paysh file without importing it, run `paysh open FILE.paysh`.
      A colleague's session (another author's, in a team store or pulled) opens read-only: show, diff, case
      and check work, a fetch or save is refused. `open NAME --copy` makes a session of your own from it
      (NAME-YOU, every snapshot with its author) and opens that.
      """,
    examples: ["open refund-dispute-4411", "open unsaved-3f2a9c01", "open asha-triage --copy"],
    arguments: [ArgumentSpec("name", .sessionName)],
    options: [OptionSpec("copy", "Open a copy of your own (of a colleague's session), which fetches can add to")]
  )

  func storeChange(_ invocation: Invocation) -> String? {
    "switch to the stored session \(invocation.positionals.first?.raw ?? "") (later fetches and saves would change it)"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? ""
    let (session, tags) = try invocation.withStore(shell) { log, store in
      guard let session = try store.session(named: name) else {
        if name.lowercased().hasSuffix(".paysh") {
          throw invocation.error(
            "open takes the name of a stored session; \(name) is a .paysh file", at: invocation.positionals.first,
            hint: "`import \(ShellWord.quote(name))` adds it to the store; `paysh open \(ShellWord.quote(name))`"
              + " (from your shell) looks inside it without importing")
        }
        let names = try store.sessions().map(\.label)
        let close = Suggestion.closest(to: name, in: names)
        throw invocation.error(
          "no session named \(name)", at: invocation.positionals.first, label: close.map { "did you mean \($0)?" },
          hint: "`sessions` lists them")
      }
      var opened = session
      if invocation.flag("copy") {
        guard var copy = try store.transferable(session: session.id) else {
          throw invocation.error("no session named \(name)", at: invocation.positionals.first)
        }
        copy.uid = SessionStore.newUID()
        copy.author = store.author
        copy.createdAt = Clock.utcTimestamp()
        copy.savedAt = copy.createdAt
        let base = SessionName.conforming(session.label + "-" + (store.author ?? "copy")) ?? "copy"
        let id = try store.adopt(copy, name: try store.freeName(like: base))
        opened = try store.session(id: id) ?? session
      }
      try log.use(session: opened.id)
      return (opened, try store.tags(session: opened.id))
    }
    shell.context.refs = tags.mapValues { SnapshotRef.index($0) }
    let gateways = session.gateways.isEmpty ? "" : " (\(session.gateways.joined(separator: ", ")))"
    let refs = session.snapshots == 0 ? "" : ": @1 to @\(session.snapshots)"
    var out = "opened \(session.label), \(Counted.text(session.snapshots, "snapshot"))\(gateways)\(refs)\n"
    if case let log as StoredSnapshotLog = shell.services.snapshots, let colleague = log.colleague {
      out +=
        "it is \(TerminalText.inline(colleague.author))'s: read-only for you (show, diff, case and check work);"
        + " `open \(ShellWord.argument(session.label)) --copy` to fetch into a copy of your own\n"
    }
    if let last = try shell.services.snapshots.snapshot(number: session.snapshots) {
      if last.environment == "production", shell.context.environment != "production" {
        // Never moved into production by a session (a shared one may be crafted): the person says so.
        out +=
          "its last snapshot is from \(TerminalText.inline(last.gateway)) in production; still using"
          + " \(shell.context.environment): `use \(ShellWord.quote(last.gateway)) production` to fetch there\n"
      } else if OpenCommand.adopt(last, shell) {
        out += "using \(last.gateway) in \(last.environment), as its last snapshot\n"
      }
    }
    shell.output.write(out)
  }

  /// Takes the gateway and environment of the session's last snapshot, so its next fetch needs no `use`;
  /// true when that changed them.
  static func adopt(_ last: Snapshot, _ shell: Interpreter) -> Bool {
    let context = shell.context
    // Only names paysh knows (a shared file can hold any text).
    guard Gateways.names.contains(last.gateway), Environments.names.contains(last.environment),
      context.gateway != last.gateway || context.environment != last.environment
    else { return false }
    shell.context.gateway = last.gateway
    shell.context.environment = last.environment
    shell.context.baseURL = nil
    shell.context.apiVersion =
      last.apiVersion == GatewayCatalog.adapter(named: last.gateway)?.defaultVersion
      ? nil : last.apiVersion
    return true
  }
}
