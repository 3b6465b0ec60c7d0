/// `push NAME` and `pull NAME`: copy one session between the local store and the team store (PostgreSQL),
/// by its uid, so doing either twice adds nothing: work done offline is shared later, and a colleague's
/// session can be read offline. The team store is `team = "postgres://…"` in config.toml, `PAYSH_TEAM_STORE`,
/// or `--team URL`; the local store stays where fetches go.
struct PushPullCommand: CommandHandler {
  /// True for `push` (local → team), false for `pull` (team → local).
  let pushes: Bool

  var spec: CommandSpec {
    CommandSpec(
      name: pushes ? "push" : "pull",
      synopsis: pushes ? "push NAME [--team URL]" : "pull NAME [--team URL]",
      abstract: pushes
        ? "Copy a local session to the team store (once: by its uid)" : "Copy a team session into the local store",
      discussion: """
        The team store is --team URL, else PAYSH_TEAM_STORE, else `team = "postgres://USER@HOST:PORT/DB"` in
        config.toml; its password comes from PGPASSWORD, ~/.pgpass or the variable password_env names. The
        session arrives whole (its uid, snapshots with their numbers, bytes and authors, command log and
        named refs); a session already there (same uid) is not copied again, and a name taken there gets a
        suffix. A pulled session of a colleague's is read-only here too: `open NAME --copy` to work on it.
        """,
      examples: pushes ? ["push refund-dispute-4411"] : ["pull asha-triage"],
      arguments: [ArgumentSpec("name", .sessionName)],
      options: [OptionSpec("team", value: .text(placeholder: "URL"), "The team store, for this line")]
    )
  }

  func storeChange(_ invocation: Invocation) -> String? {
    pushes
      ? "copy the session \(invocation.positionals.first?.raw ?? "") to the team store"
      : "copy the team session \(invocation.positionals.first?.raw ?? "") into the store"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? ""
    let given = try invocation.value("team").map { try shell.expand($0, in: invocation) }
    let config = ConfigFile.topSettings(environment: shell.environment).settings
    guard case .postgres(let url)? = try PushPullCommand.teamURL(given, config, shell, invocation) else {
      throw invocation.error(
        "no team store to \(pushes ? "push to" : "pull from")",
        hint: "set team = \"postgres://USER@HOST:PORT/DB\" in config.toml or PAYSH_TEAM_STORE, or add --team URL")
    }
    let log = try invocation.sessionLog(shell)
    if let current = log.team, current.url == url {
      throw invocation.error(
        "this shell's store is the team store already: every session in it is shared",
        hint: "push and pull copy between a local store and the team's")
    }
    let team: TeamStore
    do {
      team = try TeamStoreSettings(url: url, passwordEnv: config["password_env"], environment: shell.environment)
        .open(author: log.author)
    } catch let refusal {
      throw invocation.error("\(refusal)")
    }
    let copied: Result<ImportOutcome, any Error> = Result {
      try invocation.withStore(shell) { _, local in
        let (source, destination): (any SessionStorage, any SessionStorage) = pushes ? (local, team) : (team, local)
        guard let session = try source.session(named: name) else {
          let close = Suggestion.closest(to: name, in: try source.sessions().map(\.label))
          throw invocation.error(
            "no session named \(name) in \(pushes ? "this store" : "the team store \(url.masked)")",
            at: invocation.positionals.first, label: close.map { "did you mean \($0)?" },
            hint: pushes ? "`sessions` lists them" : "`paysh --store URL -c sessions` lists the team's")
        }
        return try destination.copyIn(session.id, from: source)
      }
    }
    // Closed without blocking: this code may run on an event loop thread, where a blocking close must not.
    await team.closeAsync()
    let (outcome, label) = (try copied.get(), url.masked)
    let place = pushes ? "to the team store \(label)" : "from the team store \(label)"
    switch outcome {
    case .imported(let copied, let renamedFrom, let snapshots):
      let renamed = renamedFrom.map { " (\(TerminalText.inline($0)) was taken there)" } ?? ""
      shell.output.write(
        "\(pushes ? "pushed" : "pulled") \(TerminalText.inline(copied))\(renamed) \(place):"
          + " \(Counted.text(snapshots, "snapshot"))\n")
    case .alreadyPresent(let present):
      shell.output.write(
        "\(TerminalText.inline(present)) is \(pushes ? "in the team store" : "here") already: nothing copied\n")
    }
  }

  /// The team store's URL: `--team`, else `PAYSH_TEAM_STORE`, else `team` in config.toml.
  static func teamURL(
    _ given: String?, _ config: [String: String], _ shell: Interpreter, _ invocation: Invocation
  ) throws -> StoreURL? {
    let choices: [(String?, String)] = [
      (given, "--team"), (shell.environment["PAYSH_TEAM_STORE"], "PAYSH_TEAM_STORE"),
      (config["team"], "config.toml (team)"),
    ]
    guard let (text, origin) = choices.first(where: { $0.0?.isEmpty == false }), let text else { return nil }
    do {
      let url = try StoreURL(parsing: text, origin: origin)
      guard url.isTeamStore else {
        throw invocation.error(
          "the team store in \(origin) must be a postgres:// URL", hint: "e.g. postgres://you@db.example/paysh")
      }
      return url
    } catch let refusal as TeamStoreError {
      throw invocation.error("\(refusal)")
    }
  }
}
