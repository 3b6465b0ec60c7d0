/// What opening the team store takes: its URL, where its password is (`password_env`), the connect timeout
/// and the environment the password is looked up in. Nothing connects until `open`.
public struct TeamStoreSettings: Sendable {
  public var url: PostgresStoreURL
  /// The name of the environment variable holding the password (`password_env` in config.toml).
  public var passwordEnv: String?
  /// `connect_timeout` in config.toml (the URL's own comes first).
  public var timeout: Duration?
  public var environment: [String: String]

  public init(
    url: PostgresStoreURL, passwordEnv: String? = nil, timeout: Duration? = nil, environment: [String: String]
  ) {
    self.url = url
    self.passwordEnv = passwordEnv
    self.timeout = timeout
    self.environment = environment
  }

  /// Connects, migrates (or refuses a newer schema) and returns the store, writing as `author` (or
  /// `unknown` when paysh cannot tell who this is: the team store always names an author).
  func open(author: String?) throws(StoreError) -> TeamStore {
    let database: TeamDatabase
    do {
      database = try TeamDatabase.make(
        url: url, passwordEnv: passwordEnv, environment: environment, timeout: timeout
      ).database
    } catch {
      throw .team(error, action: "open the team store")
    }
    return try TeamStore(database: database, author: author ?? "unknown")
  }
}
