/// Finds a gateway's credentials, in order: a named profile, environment variables, a prompt (echo
/// off for secrets). In `local` the simulator's fixed credentials are used without asking: before all else
/// for the embedded simulator, and in place of a prompt for one reached with `--base-url` (a `paysh sim`
/// started apart on this machine), where credentials given by a profile or the environment come first. The
/// fixed credentials go to a loopback host only: `use cashfree local --base-url https://elsewhere` asks.
struct CredentialResolver {
  let shell: Interpreter
  let gateway: GatewayContext

  /// Where the simulator's fixed credentials are said to come from.
  static let simulatorOrigin = "the simulator (fixed local credentials)"

  /// True when `credentials` may be sent to `gateway`'s base URL: any but the simulator's fixed ones, and
  /// those only to a loopback host.
  static func mayReach(_ credentials: Credentials, _ gateway: GatewayContext) -> Bool {
    // The URL is read only for the simulator's credentials (asked before every fetch).
    !credentials.values.values.contains { $0.origin == simulatorOrigin } || gateway.reachesLoopback
  }

  /// Resolves every field, or throws naming what is missing and how to provide it.
  func resolve(profile: Profile?, invocation: Invocation, interactive: Bool) throws -> Credentials {
    let fields = gateway.adapter.credentialFields
    if gateway.environment == "local", profile == nil, shell.context.baseURL == nil,
      let simulator = shell.services.localSimulator
    {
      let local = simulator.credentials(for: gateway.adapter.name)
      var values: [String: Credentials.Value] = [:]
      for field in fields {
        guard let value = local[field.name] else { continue }
        values[field.name] = .init(value: value, origin: Self.simulatorOrigin)
      }
      if values.count == fields.count { return Credentials(values) }
    }
    var values: [String: Credentials.Value] = [:]
    var missing: [CredentialField] = []
    for field in fields {
      if let profile, let found = try profile.value(for: field, environment: shell.environment, invocation: invocation)
      {
        values[field.name] = found
      } else if let value = shell.environment[field.environmentVariable], !value.isEmpty {
        values[field.name] = .init(value: value, origin: "$\(field.environmentVariable)")
      } else {
        missing.append(field)
      }
    }
    let fixed =
      gateway.environment == "local" && gateway.reachesLoopback
      ? shell.services.localSimulator?.credentials(for: gateway.adapter.name) : nil
    for field in missing {
      if let value = fixed?[field.name] {
        values[field.name] = .init(value: value, origin: Self.simulatorOrigin)
        continue
      }
      guard interactive, let prompter = shell.services.prompter,
        let value = try prompter("\(gateway.adapter.name) \(field.name)", field.isSecret), !value.isEmpty
      else {
        let variables = missing.map { "$\($0.environmentVariable)" }.joined(separator: ", ")
        throw invocation.error(
          "no \(gateway.adapter.name) \(field.name) for \(gateway.environment)",
          hint: "set \(variables), or name a profile with `auth --profile NAME` (see README, Credentials)")
      }
      values[field.name] = .init(value: value, origin: "the prompt")
    }
    return Credentials(values)
  }
}
