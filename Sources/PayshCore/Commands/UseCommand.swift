/// `use <gateway> [environment]`: choose the gateway and where it is reached.
struct UseCommand: CommandHandler {
  let spec = CommandSpec(
    name: "use",
    synopsis: "use <cashfree|paytring|enkash> [local|sandbox|production] [--version V] [--base-url URL]",
    abstract: "Choose the gateway and environment to investigate",
    discussion: """
      The environment defaults to `local`, the embedded gateway simulator (no credentials or network needed).
      `sandbox` and `production` reach the gateway's real hosts; production is shown in red in the prompt.
      --version picks the API version: Cashfree's x-api-version (one of 2021-05-21, 2022-01-01, 2022-09-01,
      2023-08-01, 2025-01-01, 2026-01-01; 2025-01-01 when not given),
      Paytring's v1 or v2, EnKash's v0. --base-url points the gateway at another host (a proxy, a mock).
      """,
    examples: [
      "use cashfree", "use cashfree sandbox --version 2022-09-01", "use paytring production",
      "use enkash sandbox --base-url https://marketplace-uat.enkash.in",
    ],
    arguments: [ArgumentSpec("gateway", .gateway), ArgumentSpec("environment", .environment, optional: true)],
    options: [
      OptionSpec("version", value: .text(placeholder: "VERSION"), "API version (Cashfree YYYY-MM-DD, Paytring v1|v2)"),
      OptionSpec("base-url", value: .text(placeholder: "URL"), "Send this gateway's requests to URL instead"),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if let gateway = invocation.positionals.first?.literal, let word = invocation.value("version"),
      let version = word.literal, let problem = UseCommand.versionProblem(version, gateway: gateway)
    {
      problems.append(invocation.syntaxError(problem.0, at: word, hint: problem.1))
    }
    if let word = invocation.value("base-url"), let url = word.literal, let problem = UseCommand.urlProblem(url) {
      problems.append(
        invocation.syntaxError(problem, at: word, hint: "write a full URL such as https://sandbox.cashfree.com/pg"))
    }
    return problems
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let words = try shell.expandedPositionals(invocation)
    let gateway = words[0]
    guard Gateways.names.contains(gateway) else {
      throw invocation.error(
        "unknown gateway '\(gateway)'", at: invocation.positionals[0],
        hint: "expected one of: \(Gateways.names.joined(separator: ", "))")
    }
    let environment = words.count > 1 ? words[1] : "local"
    guard Environments.names.contains(environment) else {
      throw invocation.error(
        "unknown environment '\(environment)'", at: invocation.positionals[1],
        hint: "expected one of: \(Environments.names.joined(separator: ", "))")
    }
    let version = try shell.optionValue("version", in: invocation)
    if let version, let problem = UseCommand.versionProblem(version, gateway: gateway) {
      throw invocation.error(problem.0, at: invocation.value("version"), hint: problem.1)
    }
    let baseURL = try shell.optionValue("base-url", in: invocation)
    if let baseURL, let problem = UseCommand.urlProblem(baseURL) {
      throw invocation.error(problem, at: invocation.value("base-url"))
    }
    shell.context.gateway = gateway
    shell.context.environment = environment
    shell.context.apiVersion = version
    shell.context.baseURL = baseURL
    var line =
      "using \(shell.style.bold(gateway)) in \(environment == "production" ? shell.style.red(environment) : environment)"
    if environment == "local", baseURL == nil { line += " (the embedded simulator)" }
    if let version { line += ", API version \(version)" }
    if let baseURL { line += ", at \(baseURL)" }
    shell.output.write(line + "\n")
  }

  /// A problem with an API version for `gateway`, and the hint to fix it.
  static func versionProblem(_ version: String, gateway: String) -> (String, String)? {
    switch gateway {
    case "cashfree":
      if CashfreeAdapter.knownVersions.contains(version) { return nil }
      return (
        "'\(version)' is not a Cashfree API version",
        "Cashfree accepts \(CashfreeAdapter.knownVersions.joined(separator: ", ")) (x-api-version)"
      )
    case "paytring":
      if version == "v1" || version == "v2" { return nil }
      return ("'\(version)' is not a Paytring API version", "Paytring has v1 and v2")
    case "enkash":
      if version == "v0" { return nil }
      return ("'\(version)' is not an EnKash API version", "EnKash's order API is v0")
    default:
      return nil
    }
  }

  /// A problem with a base URL, if any.
  static func urlProblem(_ url: String) -> String? {
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      return "'\(url)' is not an http(s) URL"
    }
    let rest = url.drop { $0 != "/" }.dropFirst(2)
    if rest.isEmpty || rest.hasPrefix("/") { return "'\(url)' has no host" }
    if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
      return "'\(url)' contains spaces or control characters"
    }
    if Redactor.withoutUserInfo(url) != url {
      // Echoed by `use` and `env`, kept in history: a password in a URL would be everywhere.
      return "the URL carries a user and password; give credentials with `auth` (a profile or env vars), never in a URL"
    }
    return nil
  }
}
