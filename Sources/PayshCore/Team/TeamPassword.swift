/// Where the team store's password comes from, in this order:
///
/// 1. `password_env` (config.toml): the NAME of an environment variable that holds it;
/// 2. `PGPASSWORD`;
/// 3. the password file: the one `PGPASSFILE` names, else `~/.pgpass`, read as libpq reads it (`PgPassFile`).
///
/// An empty variable counts as unset (as libpq treats `PGPASSWORD`). No password at all is fine: a server
/// that trusts the connection needs none, and one that wants it says so (`TeamStoreError.passwordNeeded`).
/// Never from the URL or the config file itself.
public enum TeamPassword {
  /// The password found and where it was found, with any warning to show once (an insecure password file,
  /// a `password_env` naming an unset variable). Never holds the password in text.
  public struct Resolved: Sendable, CustomStringConvertible {
    public var secret: TeamSecret?
    /// `PGPASSWORD`, `the variable password_env names (PAYSH_PG)`, `~/.pgpass line 3`, or nil.
    public var source: String?
    public var warnings: [String]

    public init(secret: TeamSecret? = nil, source: String? = nil, warnings: [String] = []) {
      self.secret = secret
      self.source = source
      self.warnings = warnings
    }

    public var description: String { source.map { "password from \($0)" } ?? "no password" }
  }

  /// The password for `url`. `passwordEnv` is the `password_env` setting (a variable's name), if any.
  public static func resolve(
    for url: PostgresStoreURL, passwordEnv: String? = nil, environment: [String: String]
  ) -> Resolved {
    var warnings: [String] = []
    if let name = passwordEnv, !name.isEmpty {
      if !isVariableName(name) {
        // Not echoed: a password pasted here by mistake must not reach the screen.
        warnings.append("password_env must be the name of an environment variable (letters, digits, _): it is ignored")
      } else if let value = environment[name], !value.isEmpty {
        return Resolved(secret: TeamSecret(value), source: "\(name) (password_env)")
      } else {
        // Named only when it looks like a variable's name (capitals, digits, _), not like a pasted password.
        let named = name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) ? " \(name)" : ""
        warnings.append(
          "the variable password_env names\(named) is not set: trying PGPASSWORD and the password file")
      }
    }
    if let value = environment["PGPASSWORD"], !value.isEmpty {
      return Resolved(secret: TeamSecret(value), source: "PGPASSWORD", warnings: warnings)
    }
    guard let path = passwordFilePath(environment: environment) else { return Resolved(warnings: warnings) }
    switch PgPassFile.load(path) {
    case .absent: return Resolved(warnings: warnings)
    case .ignored(let warning): return Resolved(warnings: warnings + [warning])
    case .file(let file):
      guard let (secret, line) = file.password(host: url.host, port: url.port, database: url.database, user: url.user)
      else { return Resolved(warnings: warnings) }
      return Resolved(secret: secret, source: "\(TerminalText.inline(path)) line \(line)", warnings: warnings)
    }
  }

  /// `PGPASSFILE`, else `$HOME/.pgpass`; nil without either.
  public static func passwordFilePath(environment: [String: String]) -> String? {
    if let file = environment["PGPASSFILE"], !file.isEmpty { return file }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return StoreLocation.join(home, ".pgpass")
  }

  static func isVariableName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    }
  }
}
