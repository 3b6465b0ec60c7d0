/// `curl [@ref]`: the curl commands that repeat a stored fetch, secrets as `$VARIABLE` references.
struct CurlCommand: CommandHandler {
  let spec = CommandSpec(
    name: "curl",
    synopsis: "curl [@ref]",
    abstract: "Print the curl command that repeats a fetch (secrets as $VARIABLES)",
    discussion: """
      The command is safe to paste into a ticket: client secrets, passwords and tokens appear only as
      references to environment variables ($CASHFREE_CLIENT_SECRET, …), and Paytring's hash is computed by
      the shell from them. EnKash needs two commands: one for the token (jq reads it), one for the order.
      """,
    examples: ["curl", "curl @1"],
    arguments: [ArgumentSpec("ref", .ref, optional: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let snapshot = try SnapshotResolver(shell: shell, invocation: invocation).resolve(invocation.positionals.first)
    var variables: [String: String] = [:]
    if let adapter = GatewayCatalog.adapter(named: snapshot.gateway) {
      let held = shell.services.credentials["\(snapshot.gateway)@\(snapshot.environment)"]
      for field in adapter.credentialFields {
        variables[field.name] = CurlCommand.variableName(in: held?.origin(field.name)) ?? field.environmentVariable
      }
    }
    do {
      shell.output.write(try CurlRecipe(snapshot: snapshot, variables: variables).render())
    } catch {
      throw invocation.error(error.message, hint: "`show --headers` shows what the snapshot holds")
    }
  }

  /// `NAME` from an origin such as `$NAME` or `profile "p" ($NAME)`.
  static func variableName(in origin: String?) -> String? {
    guard let origin, let dollar = origin.firstIndex(of: "$") else { return nil }
    let name = origin[origin.index(after: dollar)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    return name.isEmpty ? nil : String(name)
  }
}
