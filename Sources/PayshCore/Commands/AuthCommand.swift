/// `auth [show|clear] [--profile NAME]`: find the gateway's credentials (and, for EnKash, log in).
struct AuthCommand: CommandHandler {
  let spec = CommandSpec(
    name: "auth",
    synopsis: "auth [show|clear] [--profile NAME]",
    abstract: "Find credentials for the gateway in use (show them masked, or forget them)",
    discussion: """
      Credentials come from, in order: `--profile NAME` (a profile in $XDG_CONFIG_HOME/paysh/config.toml, which
      names the environment variables that hold secrets, never the secrets), environment variables
      (CASHFREE_CLIENT_ID/CASHFREE_CLIENT_SECRET, PAYTRING_KEY/PAYTRING_SECRET, ENKASH_CLIENT_ID/
      ENKASH_CLIENT_SECRET/ENKASH_USERNAME/ENKASH_PASSWORD), else a prompt with echo off. In `local` the
      simulator's fixed credentials are used. EnKash: auth logs in and keeps the token until shortly before
      it expires; a refused login is never retried (three failures lock the account), and later fetches send
      nothing until `auth` is run again or the credentials change.
      Credentials are never written on the command line: `auth` takes none, so they cannot reach history.
      """,
    examples: ["auth", "auth show", "auth --profile cf-sandbox", "auth clear"],
    arguments: [ArgumentSpec("action", .choice(["show", "clear"]), optional: true)],
    options: [OptionSpec("profile", value: .profileName, "Take settings from this config profile")],
    freeform: true
  )

  /// Checked by hand so that a credential typed on the line is never echoed back in an error.
  func check(_ invocation: Invocation) -> [Diagnostic] {
    let words = invocation.positionals
    if words.count > 1 || (words.count == 1 && !["show", "clear"].contains(words[0].literal ?? "")) {
      return [
        Diagnostic(
          .error, "auth takes no credentials on the command line (they would be kept in history and transcripts)",
          hint: "use `auth` alone: it reads environment variables or asks with echo off; or `auth --profile NAME`",
          kind: .syntax)
      ]
    }
    return []
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let action = invocation.positionals.first?.literal
    if action == "clear" {
      guard let gateway = shell.context.gateway else {
        throw invocation.error("no gateway chosen", hint: "`use` one first")
      }
      let key = "\(gateway)@\(shell.context.environment)"
      let had = shell.services.credentials.removeValue(forKey: key) != nil
      shell.services.tokens[key] = nil
      shell.output.write(had ? "forgot the credentials for \(key)\n" : "no credentials held for \(key)\n")
      return
    }
    if let recorded = shell.services.recorded, recorded.use == .offline {
      // Same opening as a live `auth`, so a transcript can hold either with a placeholder after the colon.
      let gateway = shell.context.gateway ?? "?"
      shell.output.write(
        "credentials for \(gateway) \(shell.context.environment): none needed offline (answers come from \(recorded.origin))\n"
      )
      return
    }
    if let profileWord = invocation.value("profile") {
      try await AuthCommand.applyProfile(try shell.expand(profileWord, in: invocation), shell, invocation)
    }
    let gateway = try await GatewayContext.current(shell, invocation)
    if action == "show" {
      shell.output.write(AuthCommand.describe(gateway, shell))
      return
    }
    let profile = try invocation.value("profile").map {
      try AuthCommand.profile(try shell.expand($0, in: invocation), shell, invocation)
    }
    let credentials = try CredentialResolver(shell: shell, gateway: gateway)
      .resolve(profile: profile, invocation: invocation, interactive: true)
    shell.services.credentials[gateway.key] = credentials
    shell.services.tokens[gateway.key] = nil
    shell.services.refusedLogins[gateway.key] = nil  // `auth` is how a refused login is tried again
    var line = "credentials for \(gateway.adapter.name) \(gateway.environment): "
    line += gateway.adapter.credentialFields.map { "\($0.name) from \(credentials.origin($0.name) ?? "?")" }.joined(
      separator: ", ")
    if let enkash = gateway.adapter as? EnKashAdapter {
      let call = GatewayCall(
        baseURL: gateway.baseURL, environment: gateway.environment, apiVersion: gateway.apiVersion,
        credentials: credentials,
        requestID: GatewayContext.requestID())
      let token = try await TokenKeeper(shell: shell, gateway: gateway, invocation: invocation)
        .login(enkash, call, deadline: try FetchPipeline.deadline(shell, invocation))
      line += "\nlogged in: token valid for \(token.expiresInSeconds) s, renewed a minute before it lapses"
    }
    shell.output.write(line + "\n")
  }

  /// The credentials held, masked, with where each came from.
  static func describe(_ gateway: GatewayContext, _ shell: Interpreter) -> String {
    guard let credentials = shell.services.credentials[gateway.key] else {
      return "no credentials held for \(gateway.key) (`auth` finds them)\n"
    }
    var rows: [(String, String)] = []
    for field in gateway.adapter.credentialFields {
      let value = credentials[field.name].map { Credentials.mask($0, secret: field.isSecret) } ?? "(missing)"
      rows.append((field.name, "\(value)  \(shell.style.dim("from \(credentials.origin(field.name) ?? "?")"))"))
    }
    if let token = shell.services.tokens[gateway.key] {
      let left = max(0, (token.renewAfter - Clock.now()) / 1_000_000)
      rows.append(
        ("token", "\(Credentials.mask(token.value, secret: true))  \(shell.style.dim("renews in \(left) s"))"))
    }
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { "\($0.0)\(String(repeating: " ", count: width - $0.0.count))  \($0.1)\n" }.joined()
  }

  /// Reads the config file and returns profile `name`.
  static func profile(_ name: String, _ shell: Interpreter, _ invocation: Invocation) throws -> Profile {
    guard let (config, path) = try ConfigFile.load(shell, invocation) else {
      throw invocation.error(
        "no config file at \(ConfigFile.path(environment: shell.environment))",
        hint: "create it with a [profiles.\(name)] table (README, Credentials)")
    }
    guard let profile = config.profiles[name] else {
      let close = Suggestion.closest(to: name, in: Array(config.profiles.keys))
      throw invocation.error(
        "no profile \"\(name)\" in \(path)", label: close.map { "did you mean \"\($0)\"?" },
        hint: "profiles there: \(config.profiles.keys.sorted().joined(separator: ", "))")
    }
    return profile
  }

  /// Makes the profile's gateway, environment, host and version current before resolving.
  static func applyProfile(_ name: String, _ shell: Interpreter, _ invocation: Invocation) async throws {
    let profile = try profile(name, shell, invocation)
    if let gateway = profile.gateway {
      guard Gateways.names.contains(gateway) else {
        throw invocation.error("profile \"\(name)\" names an unknown gateway '\(gateway)'")
      }
      if shell.context.gateway != gateway { shell.context.baseURL = nil }
      shell.context.gateway = gateway
    }
    if let environment = profile.environment {
      guard Environments.names.contains(environment) else {
        throw invocation.error("profile \"\(name)\" names an unknown environment '\(environment)'")
      }
      shell.context.environment = environment
    }
    if let base = profile.baseURL { shell.context.baseURL = base }
    if let version = profile.apiVersion { shell.context.apiVersion = version }
  }
}
