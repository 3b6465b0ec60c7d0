#if canImport(Glibc)
import Glibc
#endif

/// Which store this process uses and who it writes as: `--store`, else `PAYSH_STORE`, else `store = "…"` in
/// config.toml, else the local SQLite file (`StoreLocation`); the author is `author = "…"` in config.toml,
/// else `$USER`. A PostgreSQL URL makes the log a team store's (`TeamStoreSettings`); anything else is a file.
public enum StoreChoice {
  /// The log to keep snapshots in, nil when no location is known (no home folder); or the one line that
  /// refuses what was given (a URL with a typo or a password, a bad `connect_timeout`).
  public static func log(
    override: String?, readOnly: Bool, environment: [String: String]
  ) -> Result<StoredSnapshotLog?, StoreChoiceError> {
    let (config, problem) = ConfigFile.topSettings(environment: environment)
    if let problem { return .failure(StoreChoiceError(message: problem)) }
    let author = StoreChoice.author(config: config, environment: environment)
    var text: String
    var origin: String
    var given = true
    if let override, !override.isEmpty {
      (text, origin) = (override, "--store")
    } else if let explicit = environment["PAYSH_STORE"], !explicit.isEmpty {
      (text, origin) = (explicit, "PAYSH_STORE")
    } else if let configured = config["store"], !configured.isEmpty {
      (text, origin) = (configured, "config.toml (store)")
    } else if let location = StoreLocation.resolve(environment: environment) {
      (text, origin, given) = (location.path, "the default location", false)
    } else {
      return .success(nil)
    }
    let url: StoreURL
    do {
      url = try StoreURL(parsing: text, origin: origin)
    } catch {
      return .failure(StoreChoiceError(message: error.description))
    }
    switch url {
    case .sqlite(let path):
      text = path
      if !readOnly, given, let problem = StoreLocation.folderProblem(path) {
        return .failure(
          StoreChoiceError(message: "cannot use the store \(path): \(problem); make it first, or give another path"))
      }
      return .success(StoredSnapshotLog(path: text, readOnly: readOnly, makeFolders: !given, author: author))
    case .postgres(let team):
      var timeout: Duration?
      if let seconds = config["connect_timeout"] {
        guard let value = Int(seconds), (1...600).contains(value) else {
          return .failure(
            StoreChoiceError(
              message: "connect_timeout in config.toml must be whole seconds from 1 to 600, not '\(seconds)'"))
        }
        timeout = .seconds(value)
      }
      let settings = TeamStoreSettings(
        url: team, passwordEnv: config["password_env"], timeout: timeout, environment: environment)
      return .success(StoredSnapshotLog(team: settings, author: author))
    }
  }
}

extension StoreChoice {
  /// Who this paysh writes as: `author` in config.toml, else `$USER`, else the login name of this process's
  /// user (cron, containers and services often run without `USER`); nil only when none is known.
  static func author(config: [String: String], environment: [String: String]) -> String? {
    if let configured = config["author"], !configured.isEmpty { return configured }
    if let user = environment["USER"], !user.isEmpty { return user }
    guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
    let login = String(cString: name)
    return login.isEmpty ? nil : login
  }
}

/// Why the store given cannot be used: one line.
public struct StoreChoiceError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
