/// Gets and keeps bearer tokens (EnKash): one login per expiry, renewed a minute before it lapses.
///
/// A token request is never retried on an answer: EnKash locks a user after three failed logins.
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
      let said = body?["error_description"]?.stringValue ?? body?["message"]?.stringValue ?? ""
      let username = call.credentials.origin("username") ?? "?"
      let password = call.credentials.origin("password") ?? "?"
      throw invocation.error(
        "EnKash refused the login (HTTP \(exchange.response.status))\(said.isEmpty ? "" : ": \(said)"); not retried",
        hint:
          "three failed logins lock the EnKash user: check the username (from \(username)) and password (from \(password)) before trying again"
      )
    }
    let margin = min(TokenKeeper.renewalMarginSeconds, expires / 2)
    let held = Services.Token(
      value: token, renewAfter: Clock.now() + (expires - margin) * 1_000_000, expiresInSeconds: expires)
    shell.services.tokens[gateway.key] = held
    return held
  }
}
