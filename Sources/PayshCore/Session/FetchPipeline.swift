import PayshJSON

/// One fetch from start to stored snapshot: credentials, token, request, transport, redaction, commit.
///
/// The snapshot is committed to the log before the caller prints anything, and holds nothing secret.
struct FetchPipeline {
  let shell: Interpreter
  let gateway: GatewayContext
  let invocation: Invocation
  /// Whether a gateway error answer fails the line that made it (logged so with its snapshot): not in a
  /// bulk run, whose line reports every id's answer and goes on.
  var errorsFailTheLine = true

  /// The outcome: the stored snapshot, the parsed body, and the gateway's complaint if any.
  struct Outcome {
    var snapshot: Snapshot
    var body: JSONValue?
    /// What makes the answer no answer (a redirect, an empty body, not JSON, JSON not an object or array).
    var bodyProblem: GatewayProblem?
    var problem: GatewayProblem?
  }

  /// Fetches and (unless `commit` is false, for `watch` deciding whether anything changed) stores.
  func run(_ query: FetchQuery, commit: Bool = true) async throws -> Outcome {
    if let recorded = shell.services.recorded, recorded.use == .offline {
      try checkWritable()
      let outcome = try answer(query, from: recorded)
      return commit ? try self.commit(outcome) : outcome
    }
    let (exchange, call) = try await exchange(query)
    return try store(exchange, query: query, call: call, commit: commit)
  }

  /// The live answer to `query` as it came (nothing redacted, normalized or stored yet), and the call made.
  /// Its request going out settles the script's fetch before it (`send`), so snapshots keep their order.
  func exchange(_ query: FetchQuery) async throws -> (Exchange, GatewayCall) {
    try checkWritable()
    let deadline = try FetchPipeline.deadline(shell, invocation)
    var call = try newCall()
    var exchange: Exchange
    if let enkash = gateway.adapter as? EnKashAdapter {
      let keeper = TokenKeeper(shell: shell, gateway: gateway, invocation: invocation)
      call.token = try await keeper.token(enkash, call, deadline: deadline)
      exchange = try await send(try build(query, call), query, deadline: deadline)
      if exchange.response.status == 401 {
        // The token was refused (expired or revoked): get a new one once, and try once more.
        shell.services.tokens[gateway.key] = nil
        call.token = try await keeper.token(enkash, call, deadline: deadline)
        exchange = try await send(try build(query, call), query, deadline: deadline)
      }
    } else {
      exchange = try await send(try build(query, call), query, deadline: deadline)
    }
    return (exchange, call)
  }

  /// The call a run of many requests shares: credentials resolved, and EnKash's token got, once.
  func sharedCall() async throws -> GatewayCall {
    var call = try newCall()
    if let enkash = gateway.adapter as? EnKashAdapter {
      let keeper = TokenKeeper(shell: shell, gateway: gateway, invocation: invocation)
      call.token = try await keeper.token(enkash, call, deadline: try FetchPipeline.deadline(shell, invocation))
    }
    return call
  }

  /// An offline replay's fetch: the recording's next answer to `query`, read as a live one would be.
  func answer(_ query: FetchQuery, from recorded: RecordedAnswers) throws -> Outcome {
    switch recorded.next(gateway: gateway.adapter.name, query: query) {
    case .failure(let miss):
      throw invocation.error("offline replay from \(recorded.origin): \(miss.message)", hint: miss.hint)
    case .success(var snapshot):
      snapshot.number = 0
      let reading = AnswerReading(
        status: snapshot.status, headers: snapshot.responseHeaders, body: snapshot.body,
        redactor: shell.services.redactor)
      let body = reading.body
      let call = GatewayCall(
        baseURL: gateway.baseURL, environment: snapshot.environment, apiVersion: snapshot.apiVersion,
        credentials: Credentials(), requestID: snapshot.requestID ?? "")
      let problem = gateway.adapter.problem(status: snapshot.status, body: body, call: call, query: query)
      // Read again, as a live answer is: the recording's normalized order is what an older paysh made of it.
      snapshot.order =
        problem != nil
        ? nil : body.flatMap { gateway.adapter.normalize($0, query: query, environment: snapshot.environment) }
      return Outcome(snapshot: snapshot, body: body, bodyProblem: reading.problem, problem: problem)
    }
  }

  /// Refuses the fetch before anything is sent when its answer could not be stored (a read-only store, a
  /// colleague's session).
  func checkWritable() throws { try FetchPipeline.checkWritable(shell, invocation) }

  /// The same, asked by a command before it reaches the gateway at all (before the simulator starts).
  static func checkWritable(_ shell: Interpreter, _ invocation: Invocation) throws {
    do {
      try shell.services.snapshots.checkWritable()
    } catch let refusal as StoreError {
      throw invocation.error("\(refusal)", hint: "nothing was sent")
    }
  }

  /// A call to the gateway in use with its credentials (resolved once, then held) and a new request id.
  func newCall() throws -> GatewayCall {
    GatewayCall(
      baseURL: gateway.baseURL, environment: gateway.environment, apiVersion: gateway.apiVersion,
      credentials: try credentials(), requestID: GatewayContext.requestID())
  }

  func credentials() throws -> Credentials {
    // Held under `gateway@environment` whatever the base URL: the simulator's are not sent elsewhere.
    if let known = shell.services.credentials[gateway.key], CredentialResolver.mayReach(known, gateway) {
      return known
    }
    let resolved = try CredentialResolver(shell: shell, gateway: gateway)
      .resolve(profile: nil, invocation: invocation, interactive: false)
    shell.services.credentials[gateway.key] = resolved
    return resolved
  }

  func build(_ query: FetchQuery, _ call: GatewayCall) throws -> OutgoingRequest {
    do {
      return try gateway.adapter.request(for: query, call)
    } catch GatewayError.unsupported(let message) {
      throw invocation.error(message)
    } catch GatewayError.missingCredential(let message) {
      throw invocation.error(message)
    }
  }

  /// The fetch's deadline, from `PAYSH_FETCH_DEADLINE` (whole seconds) or the default, starting now.
  static func deadline(_ shell: Interpreter, _ invocation: Invocation) throws -> FetchDeadline {
    guard let seconds = FetchDeadline.seconds(in: shell.environment) else {
      let text = shell.environment[FetchDeadline.variable] ?? ""
      throw invocation.error(
        "\(FetchDeadline.variable)='\(text)' is not a number of seconds from 1 to \(FetchDeadline.longestSeconds)",
        hint:
          "give whole seconds (\(FetchDeadline.variable)=60), or unset it for \(FetchDeadline.defaultSeconds) s; no request was sent"
      )
    }
    return FetchDeadline(seconds: seconds)
  }

  /// Sends `request` within `deadline`, a line on stderr for each retry as it happens.
  func send(_ request: OutgoingRequest, _ query: FetchQuery, deadline: FetchDeadline) async throws -> Exchange {
    do {
      return try await shell.services.transport.send(
        request, deadline: deadline, limiter: limiter(for: query),
        onRetry: { notice in shell.output.writeError(notice.line) },
        onPace: { milliseconds in shell.output.writeError(FetchPipeline.paceLine(milliseconds, gateway, query)) })
    } catch .cancelled {
      throw CancellationError()
    } catch {
      throw failure(error, request)
    }
  }

  /// Said when a request waits over a second for its turn under the gateway's rate limit.
  static func paceLine(_ milliseconds: Int, _ gateway: GatewayContext, _ query: FetchQuery) -> String {
    let tenths = (milliseconds + 50) / 100
    return "waiting \(tenths / 10).\(tenths % 10) s for \(gateway.adapter.name) \(gateway.environment)'s rate limit on "
      + "\(DocumentedLimits.endpoint(of: query)) requests (Ctrl-C stops)\n"
  }

  /// The limiter a request for `query` to the gateway in use waits for.
  func limiter(for query: FetchQuery) -> RateLimiter {
    shell.services.rateLimits.limiter(
      gateway: gateway.adapter.name, environment: gateway.environment, query: query, clock: shell.services.clock)
  }

  /// The line a request that got no answer fails with: the gateway, what went wrong, the request (redacted).
  func failure(_ error: TransportError, _ request: OutgoingRequest) -> Diagnostic {
    invocation.error(
      "\(gateway.adapter.name) \(gateway.environment): \(error.message)",
      hint: "\(error.hint) (\(request.method) \(shell.services.redactor.url(request.url)))")
  }

  /// Reads the answer: its body parsed, or what makes it no answer (nothing in the body redacted yet).
  func read(_ exchange: Exchange) -> AnswerReading {
    let response = exchange.response
    return AnswerReading(
      status: response.status, headers: response.headers, body: response.body, redactor: shell.services.redactor)
  }

  /// True when the answer is one its line does not fail on: it parsed and the gateway did not complain.
  /// (The gateway's complaint is read here only to see whether there is one: its text is made again, from
  /// the redacted body, by `store`.)
  func isClean(_ exchange: Exchange, _ reading: AnswerReading, query: FetchQuery, call: GatewayCall) -> Bool {
    reading.problem == nil
      && gateway.adapter.problem(status: exchange.response.status, body: reading.body, call: call, query: query) == nil
  }

  /// Redacts the exchange, reads the body (unless `reading` has it already), commits the snapshot.
  /// `redactor`: the one of the secrets held when the answer came (a fetch settled later keeps it, though a
  /// token may have been renewed since).
  func store(
    _ exchange: Exchange, query: FetchQuery, call: GatewayCall, reading: AnswerReading? = nil,
    redactor: Redactor? = nil, commit: Bool = true
  ) throws -> Outcome {
    let redactor = redactor ?? shell.services.redactor
    let reading = reading ?? read(exchange)
    var body: JSONValue?
    let bodyProblem = reading.problem
    var storedBody = exchange.response.body
    if let parsed = reading.body {
      let redacted = redactor.json(parsed)
      body = redacted.value
      if redacted.changed { storedBody = Array(JSONPrinter.compact(redacted.value).utf8) }
    } else if bodyProblem != nil {
      storedBody = Array(redactor.text(String(decoding: exchange.response.body, as: UTF8.self)).utf8)
    }
    let requestBody = exchange.request.body.map { bytes -> String in
      let text = String(decoding: bytes, as: UTF8.self)
      if let parsed = try? JSONParser.parse(bytes) { return JSONPrinter.compact(redactor.json(parsed).value) }
      return redactor.form(text)
    }
    let problem = gateway.adapter.problem(status: exchange.response.status, body: body, call: call, query: query)?
      .noting(exchange.declinedWait)
    // An error answer is no order: normalizing it would show `order ?` and `status unknown` for it.
    let order =
      problem != nil
      ? nil : body.flatMap { gateway.adapter.normalize($0, query: query, environment: gateway.environment) }
    let retries = exchange.retries.map { attempt in
      redactor.text(attempt.problem)
        + ", waited \(attempt.waitedMilliseconds) ms\(attempt.askedByGateway ? " as the gateway asked" : "")"
    }
    let snapshot = Snapshot(
      number: 0, gateway: gateway.adapter.name, environment: gateway.environment, apiVersion: gateway.apiVersion,
      resource: query.resource,
      orderID: redactor.text(query.orderID ?? { if case .receipt(let id) = query { id } else { "" } }()),
      method: exchange.request.method, url: redactor.url(exchange.request.url),
      requestHeaders: redactor.headers(exchange.request.headers), requestBody: requestBody,
      status: exchange.response.status, responseHeaders: redactor.headers(exchange.response.headers),
      body: storedBody, fetchedAt: exchange.startedAt, latencyMicroseconds: exchange.latencyMicroseconds,
      retries: retries, order: order)
    let outcome = Outcome(snapshot: snapshot, body: body, bodyProblem: bodyProblem, problem: problem)
    return commit ? try self.commit(outcome) : outcome
  }

  /// Commits the outcome's snapshot (numbering it) before anything about it is shown.
  func commit(_ outcome: Outcome) throws -> Outcome {
    var stored = outcome
    do {
      // The fetch's own line goes in with its snapshot; it fails when the line will throw on this answer.
      let failing =
        errorsFailTheLine && ((outcome.problem != nil && !invocation.flag("allow-error")) || outcome.bodyProblem != nil)
      stored.snapshot = try shell.services.snapshots.append(
        outcome.snapshot, line: shell.lineForSnapshot(of: invocation, failing: failing))
      shell.services.lastBody = stored.body.map { (stored.snapshot.body, $0) }
    } catch {
      throw invocation.error("could not store the snapshot: \(error)", hint: "nothing is shown that is not stored")
    }
    return stored
  }
}
