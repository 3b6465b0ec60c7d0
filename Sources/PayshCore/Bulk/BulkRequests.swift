/// The requests of one id in a bulk run, sent on the concurrency pool: nothing here touches the shell, its
/// output or its store (the answers are stored and shown in order by the caller).
struct BulkRequests: Sendable {
  let gateway: GatewayContext
  /// Where a wait for the rate limit over a second is said as it begins.
  let sink: any OutputSink
  var adapter: any GatewayAdapter { gateway.adapter }
  /// The call every request shares (credentials, token); each gets its own request id.
  let call: GatewayCall
  let transport: HTTPTransport
  let rateLimits: RateLimits
  let clock: any ShellClock
  let deadlineSeconds: Int
  /// EnKash's token, renewed when it expires during the run; nil for the gateways that take none.
  let token: BulkToken?
  /// Added to each id's deadline in a bulk run: the longest wait a gateway asks for after a 429 (Cashfree's
  /// `x-ratelimit-retry` goes up to 59 s), so a 429 is waited out and asked again, not taken as the answer.
  static let longestAskedWait = 60

  /// What one id's requests brought back, before anything is stored.
  struct Sent: Sendable {
    var answers: [Answer]
    /// The retries told by the transport, shown with the id's result.
    var notices: [RetryNotice]
    var cancelled: Bool { answers.contains { if case .failure(.cancelled) = $0.result { true } else { false } } }
  }

  struct Answer: Sendable {
    var query: FetchQuery
    var call: GatewayCall
    var result: Result<Exchange, TransportError>
  }

  /// Sends `queries` (together, when there are several: a case's parts), each under its limiter, each with
  /// its own request id.
  func send(_ queries: [FetchQuery]) async -> Sent {
    var base = call
    if let token { base.token = await token.current }
    var sent = await send(queries, base)
    guard let token else { return sent }
    // EnKash's token expired during the run: the refused requests once more with a new one.
    let refused = sent.answers.indices.filter { index in
      if case .success(let exchange) = sent.answers[index].result { exchange.response.status == 401 } else { false }
    }
    guard !refused.isEmpty, let renewed = await token.renewed(after: base.token, call: base) else { return sent }
    base.token = renewed
    let again = await send(refused.map { queries[$0] }, base)
    for (place, index) in refused.enumerated() { sent.answers[index] = again.answers[place] }
    sent.notices += again.notices
    return sent
  }

  /// Sends `queries` with the call `base` (its token).
  func send(_ queries: [FetchQuery], _ base: GatewayCall) async -> Sent {
    var calls: [GatewayCall] = []
    var planned: [(request: OutgoingRequest, limiter: RateLimiter)] = []
    var refused: [Int: String] = [:]
    for (index, query) in queries.enumerated() {
      var call = base
      call.requestID = GatewayContext.requestID()
      calls.append(call)
      let limiter = rateLimits.limiter(gateway: adapter.name, environment: call.environment, query: query, clock: clock)
      do {
        planned.append((try adapter.request(for: query, call), limiter))
      } catch {
        refused[index] = "\(error)"
        planned.append((OutgoingRequest(method: "GET", url: ""), limiter))
      }
    }
    let (gateway, sink) = (self.gateway, self.sink)
    let sent = await BulkRequests.together(
      planned, skipping: Set(refused.keys), transport: transport,
      deadline: FetchDeadline(seconds: deadlineSeconds + BulkRequests.longestAskedWait),
      onPace: { index, milliseconds in
        sink.writeError(FetchPipeline.paceLine(milliseconds, gateway, queries[index]))
      })
    let answers = queries.indices.map { index in
      Answer(
        query: queries[index], call: calls[index],
        result: refused[index].map { .failure(.other($0)) } ?? sent[index].result)
    }
    return Sent(answers: answers, notices: sent.flatMap(\.notices))
  }

  /// Sends `requests` together, one task each (none for one request), each under its limiter and within
  /// `deadline`: the results in the order given, each with the retries told for it. Those at `skipping`
  /// are not sent (their result is a placeholder the caller replaces). What a case and a bulk run share.
  static func together(
    _ requests: [(request: OutgoingRequest, limiter: RateLimiter)], skipping: Set<Int> = [], transport: HTTPTransport,
    deadline: FetchDeadline, onPace: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
  ) async -> [(result: Result<Exchange, TransportError>, notices: [RetryNotice])] {
    typealias One = (result: Result<Exchange, TransportError>, notices: [RetryNotice])
    @Sendable func one(_ index: Int) async -> One {
      if skipping.contains(index) { return (.failure(.other("not sent")), []) }
      var notices: [RetryNotice] = []
      do throws(TransportError) {
        let exchange = try await transport.send(
          requests[index].request, deadline: deadline, limiter: requests[index].limiter,
          onRetry: { notices.append($0) }, onPace: { onPace(index, $0) })
        return (.success(exchange), notices)
      } catch {
        return (.failure(error), notices)
      }
    }
    if requests.count == 1 { return [await one(0)] }
    return await withTaskGroup(of: (Int, One).self) { group in
      for index in requests.indices { group.addTask { (index, await one(index)) } }
      var all: [(Int, One)] = []
      for await sent in group { all.append(sent) }
      return all.sorted { $0.0 < $1.0 }.map(\.1)
    }
  }
}
