import PayshJSON

/// Gets and keeps bearer tokens (EnKash): one login per expiry, renewed a minute before it lapses.
///
/// A token request is never retried on an answer: EnKash locks a user after three failed logins. A refused
/// login is remembered (`Services.refusedLogins`) and the same credentials are not sent again: later
/// fetches say so without sending anything, until `auth` is run again or the credentials change.
struct TokenKeeper {
  let shell: Interpreter
  let gateway: GatewayContext
  let invocation: Invocation

  /// Seconds before expiry at which a token is renewed.
  static let renewalMarginSeconds = 60

  func token(_ adapter: EnKashAdapter, _ call: GatewayCall, deadline: FetchDeadline) async throws -> String {
    if let held = shell.services.tokens[gateway.key], Clock.now() < held.renewAfter { return held.value }
    return try await login(adapter, call, deadline: deadline).value
  }

  /// Logs in within `deadline` (the fetch's, when a fetch needs the token).
  @discardableResult
  func login(_ adapter: EnKashAdapter, _ call: GatewayCall, deadline: FetchDeadline) async throws -> Services.Token {
    if let refused = shell.services.refusedLogins[gateway.key],
      refused.applies(to: call.credentials, baseURL: call.baseURL)
    {
      throw invocation.error(
        "EnKash refused these credentials at the last login (\(refused.said)); nothing was sent",
        hint: "another refusal may lock the EnKash user: \(fixHint(call))")
    }
    let request: OutgoingRequest
    do {
      request = try adapter.tokenRequest(call)
    } catch {
      throw invocation.error("EnKash needs client id and secret, username and password", hint: "run `auth`")
    }
    let exchange: Exchange
    do {
      exchange = try await shell.services.transport.send(request, deadline: deadline)
    } catch .cancelled {
      throw CancellationError()
    } catch {
      throw invocation.error("EnKash token: \(error.message)", hint: error.hint)
    }
    let body = try? JSONParser.parse(exchange.response.body)
    guard exchange.response.status == 200, let body, let (token, expires) = adapter.token(from: body) else {
      let status = exchange.response.status
      let said = shell.services.redactor.text(
        body?["error_description"]?.stringValue ?? body?["message"]?.stringValue ?? "")
      if (400..<500).contains(status), status != 429 {
        // Refused (not merely unavailable): remembered so that no later fetch sends the same again.
        shell.services.refusedLogins[gateway.key] = RefusedLogin(
          said: "HTTP \(status)\(said.isEmpty ? "" : ": \(said)")", credentials: call.credentials,
          baseURL: call.baseURL)
      }
      throw invocation.error(
        "EnKash refused the login (HTTP \(status))\(said.isEmpty ? "" : ": \(said)"); not retried",
        hint: "three failed logins lock the EnKash user: \(fixHint(call))")
    }
    shell.services.refusedLogins[gateway.key] = nil
    let held = TokenKeeper.held(token, expiresIn: expires)
    shell.services.tokens[gateway.key] = held
    return held
  }

  /// A token got now that lapses in `expires` seconds, to be renewed a margin before it does.
  static func held(_ token: String, expiresIn expires: Int) -> Services.Token {
    let margin = min(renewalMarginSeconds, expires / 2)
    return Services.Token(
      value: token, renewAfter: Clock.now() + (expires - margin) * 1_000_000, expiresInSeconds: expires)
  }

  /// What to do about a refused login: fix the credentials (saying where each came from), then `auth`.
  func fixHint(_ call: GatewayCall) -> String {
    let username = call.credentials.origin("username") ?? "?"
    let password = call.credentials.origin("password") ?? "?"
    var hint = "fix the username (from \(username)) or password (from \(password)), then run `auth`"
    if gateway.environment == "local" {
      hint += "; the simulator unlocks a locked user with `POST /_sim/enkash/unlock`"
    }
    return hint
  }
}
