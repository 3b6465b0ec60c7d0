/// A named set of settings from the config file: which gateway and environment, host and version
/// overrides, and the *names* of the environment variables that hold the secrets (never the secrets).
public struct Profile: Sendable, Hashable {
  public var name: String
  public var gateway: String?
  public var environment: String?
  public var baseURL: String?
  public var apiVersion: String?
  /// Plain settings: non-secret credentials by field (`client_id = "…"`) and `FIELD_env` variable names.
  public var settings: [String: String]

  public init(
    name: String, gateway: String? = nil, environment: String? = nil, baseURL: String? = nil, apiVersion: String? = nil,
    settings: [String: String] = [:]
  ) {
    self.name = name
    self.gateway = gateway
    self.environment = environment
    self.baseURL = baseURL
    self.apiVersion = apiVersion
    self.settings = settings
  }

  /// The value of `field` through this profile: `FIELD_env` names a variable; a non-secret field may
  /// be given directly. A secret written into the file is refused.
  func value(
    for field: CredentialField, environment: [String: String], invocation: Invocation
  ) throws
    -> Credentials.Value?
  {
    if let variable = settings["\(field.name)_env"] {
      guard let value = environment[variable], !value.isEmpty else {
        throw invocation.error(
          "profile \"\(name)\" takes \(field.name) from $\(variable), which is not set",
          hint: "export \(variable)=… before starting paysh")
      }
      return .init(value: value, origin: "profile \"\(name)\" ($\(variable))")
    }
    if let value = settings[field.name] {
      if field.isSecret {
        throw invocation.error(
          "profile \"\(name)\" writes the secret \(field.name) into the config file",
          hint: "name a variable instead: \(field.name)_env = \"VARIABLE\", and remove the secret from the file")
      }
      return .init(value: value, origin: "profile \"\(name)\"")
    }
    return nil
  }
}
