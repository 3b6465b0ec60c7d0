/// `env`: show the current context: gateway, environment, API version, endpoint, variables.
struct EnvCommand: CommandHandler {
  let spec = CommandSpec(
    name: "env",
    synopsis: "env",
    abstract: "Show the gateway, environment and settings in use",
    examples: ["env"]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let context = shell.context
    let style = shell.style
    var rows: [(String, String)] = []
    rows.append(("gateway", context.gateway ?? "none (choose one with `use cashfree|paytring|enkash`)"))
    var environment = context.environment
    if context.isProduction { environment = style.red(environment) + " (live money: be careful)" }
    if context.environment == "local" { environment += " (embedded simulator)" }
    rows.append(("environment", environment))
    rows.append(("api version", context.apiVersion ?? "gateway default"))
    rows.append(
      (
        "base url",
        context.baseURL
          ?? (context.environment == "local"
            ? "the simulator, started on first use" : "the gateway's \(context.environment) host")
      ))
    rows.append(("variables", "\(context.variables.count + context.refs.count) (`vars` lists them)"))
    let width = rows.map(\.0.count).max() ?? 0
    var out = ""
    for (label, value) in rows {
      out += "\(style.dim(label + String(repeating: " ", count: width - label.count)))  \(value)\n"
    }
    shell.output.write(out)
  }
}
