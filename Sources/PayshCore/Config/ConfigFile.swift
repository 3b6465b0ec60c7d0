/// The config file `$XDG_CONFIG_HOME/paysh/config.toml`: named profiles that pick a gateway and
/// environment, override hosts and versions, and name the environment variables holding secrets.
///
/// ```toml
/// [profiles.cf-sandbox]
/// gateway = "cashfree"
/// environment = "sandbox"
/// client_id = "CF_TEST_123"                 # a non-secret may be written here
/// client_secret_env = "CF_SANDBOX_SECRET"   # a secret only by the name of its variable
/// api_version = "2023-08-01"
/// base_url = "https://sandbox.cashfree.com/pg"
/// ```
///
/// The reader takes the subset of TOML this needs (tables, `key = "string" | 'literal' | integer |
/// boolean`, comments) and reports anything else with its line and column. (TOMLKit, the Swift TOML
/// library in the package mirror, cannot be resolved here: it depends on a package the mirror lacks.)
public struct ConfigFile: Sendable {
  public var profiles: [String: Profile]
  /// The `[check]` table: thresholds for `check` and `case` (`grace_minutes = 30`), as written.
  public var check: [(key: String, value: String)]
  /// The keys before any table: where the store is and who writes to it (`store`, `author`, `password_env`,
  /// `connect_timeout`), as written.
  public var top: [String: String]

  /// The keys paysh reads before any table.
  public static let topKeys = ["store", "team", "author", "password_env", "connect_timeout"]

  public init(
    profiles: [String: Profile] = [:], check: [(key: String, value: String)] = [], top: [String: String] = [:]
  ) {
    self.profiles = profiles
    self.check = check
    self.top = top
  }

  /// Where the file lives for `environment`.
  public static func path(environment: [String: String]) -> String {
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/paysh/config.toml" }
    return (environment["HOME"] ?? ".") + "/.config/paysh/config.toml"
  }

  /// Reads `source`; every problem becomes a diagnostic pointing into it.
  public static func parse(_ source: SourceFile) throws(BindFailure) -> ConfigFile {
    var reader = TOMLSubsetReader(source: source)
    let tables = reader.read()
    if !reader.diagnostics.isEmpty { throw BindFailure(reader.diagnostics) }
    var profiles: [String: Profile] = [:]
    var check: [(key: String, value: String)] = []
    var top: [String: String] = [:]
    for (path, entries) in tables {
      if path == ["check"] { check += entries.map { (key: $0.0, value: $0.1) } }
      if path.isEmpty { for (key, value) in entries { top[key] = value } }
      guard path.count == 2, path[0] == "profiles" else { continue }
      var profile = Profile(name: path[1])
      for (key, value) in entries {
        switch key {
        case "gateway": profile.gateway = value
        case "environment": profile.environment = value
        case "base_url": profile.baseURL = value
        case "api_version": profile.apiVersion = value
        default: profile.settings[key] = value
        }
      }
      profiles[path[1]] = profile
    }
    return ConfigFile(profiles: profiles, check: check, top: top)
  }
}
