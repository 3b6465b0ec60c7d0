import PayshJSON

/// EnKash's token in a bulk run, shared by every request in flight. A token that expires in the middle of
/// a run (EnKash answers 401 `invalid_token`) is renewed once, by one login that every request refused
/// with that same token waits for, and the refused requests are sent again with the new one. A login that
/// fails is not tried again in the run (three failed logins lock the EnKash user): the 401s then stand as
/// the answers they are, and the refusal is kept for the shell (`refusal`).
actor BulkToken {
  private let adapter: EnKashAdapter
  private let transport: HTTPTransport
  private let deadlineSeconds: Int
  /// The token the run began with.
  private let first: String?
  /// The token got in this run, for the shell to hold (and its redactor to know) before any answer made
  /// with it is stored or shown.
  private var renewed: Services.Token?
  /// Why the renewal's login failed, when it did.
  private var refusal: LoginFailure?
  private var renewal: Task<Result<Services.Token, LoginFailure>, Never>?
  private var refusalSaid = false

  struct LoginFailure: Error {
    var said: String
    /// The login's answer when it came: a refusal (4xx but 429) is one the shell remembers.
    var status: Int?
    /// Ended by Ctrl-C: said by the run's stop, not as a failed login.
    var cancelled = false
  }

  init(adapter: EnKashAdapter, transport: HTTPTransport, token: String?, deadlineSeconds: Int) {
    self.adapter = adapter
    self.transport = transport
    self.first = token
    self.deadlineSeconds = deadlineSeconds
  }

  /// Whether the run's renewal failed (not by Ctrl-C).
  var renewalFailed: Bool { refusal != nil }

  /// The token in use: the renewed one once there is one.
  var current: String? { renewed?.value ?? first }

  /// The token to send again with after `refused` was refused: a new one (got by the run's one login,
  /// which every request refused with the token it replaces waits for), the one in use when `refused` was
  /// replaced already, nil when no new one is to be had. At most one login a run: a request refused with
  /// the renewed token is refused for another reason (or the user logged in elsewhere), and its 401 stands.
  func renewed(after refused: String?, call: GatewayCall) async -> String? {
    if current != refused { return current }
    if let renewal {
      // The run's login: in flight (wait for it) or made already (its token was refused too).
      if renewed != nil || refusal != nil { return nil }
      return await wait(for: renewal, replacing: refused)
    }
    let task = Task { [adapter, transport, deadlineSeconds] in
      await BulkToken.login(adapter, call, transport: transport, deadlineSeconds: deadlineSeconds)
    }
    renewal = task
    return await wait(for: task, replacing: refused)
  }

  /// Waits for the login; a Ctrl-C while it runs ends it (the wait does not outlast the run).
  private func wait(
    for task: Task<Result<Services.Token, LoginFailure>, Never>, replacing refused: String?
  ) async -> String? {
    let result = await withTaskCancellationHandler {
      await task.value
    } onCancel: {
      task.cancel()
    }
    switch result {
    case .success(let token):
      if renewed == nil { renewed = token }
      return current
    case .failure(let failure):
      if !failure.cancelled, refusal == nil { refusal = failure }
      return nil
    }
  }

  /// What the shell is to learn now: the renewed token, and the refusal the first time it is asked for
  /// (it is said once).
  func news() -> (renewed: Services.Token?, refusal: LoginFailure?) {
    defer { if refusal != nil { refusalSaid = true } }
    return (renewed, refusalSaid ? nil : refusal)
  }

  /// One login, as `TokenKeeper.login` makes it, with no shell to hold the token (the run hands it over).
  static func login(
    _ adapter: EnKashAdapter, _ call: GatewayCall, transport: HTTPTransport, deadlineSeconds: Int
  ) async -> Result<Services.Token, LoginFailure> {
    guard let request = try? adapter.tokenRequest(call) else {
      return .failure(LoginFailure(said: "no credentials for a new token"))
    }
    let exchange: Exchange
    do {
      exchange = try await transport.send(request, deadline: FetchDeadline(seconds: deadlineSeconds))
    } catch .cancelled {
      return .failure(LoginFailure(said: "stopped", cancelled: true))
    } catch {
      return .failure(LoginFailure(said: error.message))
    }
    guard exchange.response.status == 200, let body = try? JSONParser.parse(exchange.response.body),
      let (token, expires) = adapter.token(from: body)
    else {
      let status = exchange.response.status
      return .failure(LoginFailure(said: "the login was answered HTTP \(status)", status: status))
    }
    return .success(TokenKeeper.held(token, expiresIn: expires))
  }
}
