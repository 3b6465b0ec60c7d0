import Crypto

/// A login the gateway refused (EnKash), remembered for the credentials and host it was made with: EnKash
/// locks a user after three failed logins, so the same credentials are not sent again until `auth` is run
/// or they change. Holds a digest of them, never the values.
public struct RefusedLogin: Sendable, Hashable {
  /// What the gateway answered: `HTTP 401: Bad credentials. 2 attempts left before the account is locked`.
  public var said: String
  let fingerprint: [UInt8]

  init(said: String, credentials: Credentials, baseURL: String) {
    self.said = said
    self.fingerprint = RefusedLogin.fingerprint(credentials, baseURL: baseURL)
  }

  /// True when `credentials` at `baseURL` are the very ones refused.
  func applies(to credentials: Credentials, baseURL: String) -> Bool {
    fingerprint == RefusedLogin.fingerprint(credentials, baseURL: baseURL)
  }

  /// SHA-256 over the host and every credential's name and value, each ended by a zero byte.
  static func fingerprint(_ credentials: Credentials, baseURL: String) -> [UInt8] {
    var hasher = SHA256()
    var bytes = Array(baseURL.utf8) + [0]
    for name in credentials.values.keys.sorted() {
      bytes += Array(name.utf8) + [0] + Array((credentials[name] ?? "").utf8) + [0]
    }
    hasher.update(data: bytes)
    return Array(hasher.finalize())
  }
}
