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
    let adapter = context.gateway.flatMap(GatewayCatalog.adapter(named:))
    var environment = context.environment
    if context.isProduction { environment = style.red(environment) + " (live money: be careful)" }
    if context.environment == "local" {
      environment += context.baseURL == nil ? " (the embedded simulator)" : " (a simulator at the base url)"
    }
    rows.append(("environment", environment))
    if let adapter {
      let version = context.apiVersion ?? adapter.defaultVersion
      rows.append(("api version", version + (context.apiVersion == nil ? " (\(adapter.name)'s default here)" : "")))
    } else {
      rows.append(("api version", "- (no gateway chosen)"))
    }
    rows.append(("base url", EnvCommand.baseURL(context, adapter, simulator: shell.services.localSimulator)))
    rows.append(("variables", "\(context.variables.count + context.refs.count) (`vars` lists them)"))
    let width = rows.map(\.0.count).max() ?? 0
    var out = ""
    for (label, value) in rows {
      out += "\(style.dim(label + String(repeating: " ", count: width - label.count)))  \(value)\n"
    }
    shell.output.write(out)
  }

  /// Where requests go now: the URL given, the embedded simulator's once it runs, or the gateway's host.
  static func baseURL(
    _ context: ShellContext, _ adapter: (any GatewayAdapter)?, simulator: (any LocalSimulator)?
  )
    -> String
  {
    if let given = context.baseURL { return given }
    if context.environment == "local" {
      guard let root = simulator?.runningRoot() else { return "the embedded simulator, started on first use" }
      return adapter.map { $0.localBaseURL(root: root) } ?? root
    }
    return adapter?.baseURL(for: context.environment) ?? "the gateway's \(context.environment) host"
  }
}
