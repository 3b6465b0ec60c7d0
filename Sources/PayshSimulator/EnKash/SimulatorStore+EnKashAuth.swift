import Foundation

/// The outcome of an EnKash password-grant login.
enum EnKashLogin: Sendable, Equatable {
  case token(access: String, refresh: String)
  case badCredentials(attemptsLeft: Int)
  case locked
}

/// The state of a presented EnKash bearer token.
enum EnKashTokenCheck: Sendable, Equatable {
  case valid
  case missing
  case invalid
  case expired
}

extension SimulatorStore {
  /// Failed logins after which the user is locked (EnKash: "After 3 consecutive failed attempts").
  static let lockAfterFailures = 3

  /// Checks a password-grant login; three consecutive failures lock the user until an admin reset.
  func enkashLogin(username: String, password: String, expected: SimulatorCredentials.EnKash) -> EnKashLogin {
    if lockedUsers.contains(username) { return .locked }
    guard username == expected.username, password == expected.password else {
      let failures = failedLogins[username, default: 0] + 1
      failedLogins[username] = failures
      if failures >= Self.lockAfterFailures {
        lockedUsers.insert(username)
        return .locked
      }
      return .badCredentials(attemptsLeft: Self.lockAfterFailures - failures)
    }
    failedLogins[username] = 0
    let access = Self.randomToken()
    tokens[access] = clock.now.addingTimeInterval(TimeInterval(tokenLifetime))
    return .token(access: access, refresh: Self.randomToken())
  }

  /// Checks an access token against the issued ones and the clock.
  func enkashCheck(token: String?) -> EnKashTokenCheck {
    guard let token, !token.isEmpty else { return .missing }
    guard let expiry = tokens[token] else { return .invalid }
    return clock.now < expiry ? .valid : .expired
  }

  /// Unlocks one user (or all when nil) and clears their failure count.
  func enkashUnlock(username: String?) {
    if let username {
      lockedUsers.remove(username)
      failedLogins[username] = nil
    } else {
      lockedUsers = []
      failedLogins = [:]
    }
  }

  /// Whether a user is locked.
  func enkashIsLocked(_ username: String) -> Bool { lockedUsers.contains(username) }

  /// Chooses the envelope key of orderDetails answers: `paylod` (as documented) or `payload`.
  func setEnKashEnvelope(_ key: String) throws {
    guard key == "paylod" || key == "payload" else {
      throw SimulatorError.badRequest("envelope must be paylod or payload")
    }
    enkashEnvelopeKey = key
  }

  /// The envelope key in use.
  func enkashEnvelope() -> String { enkashEnvelopeKey }

  /// A 27-character base64url token like EnKash's (`tYte80xqTDUodXslo2ShHle_eXo`).
  static func randomToken() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var generator = SystemRandomNumberGenerator()
    return String((0..<27).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
  }
}
