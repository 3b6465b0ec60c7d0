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

  /// Sends `queries` (together, when there are several: a case's parts), each under its limiter.
  func send(_ queries: [FetchQuery]) async -> Sent {
    if queries.count == 1, let query = queries.first {
      var notices: [RetryNotice] = []
      let answer = await send(query, notices: &notices)
      return Sent(answers: [answer], notices: notices)
    }
    return await withTaskGroup(of: (Int, Answer, [RetryNotice]).self) { group in
      for (index, query) in queries.enumerated() {
        group.addTask {
          var notices: [RetryNotice] = []
          let answer = await self.send(query, notices: &notices)
          return (index, answer, notices)
        }
      }
      var all: [(Int, Answer, [RetryNotice])] = []
      for await one in group { all.append(one) }
      all.sort { $0.0 < $1.0 }
      return Sent(answers: all.map(\.1), notices: all.flatMap(\.2))
    }
  }

  func send(_ query: FetchQuery, notices: inout [RetryNotice]) async -> Answer {
    var call = self.call
    call.requestID = GatewayContext.requestID()
    let request: OutgoingRequest
    do {
      request = try adapter.request(for: query, call)
    } catch {
      return Answer(query: query, call: call, result: .failure(.other("\(error)")))
    }
    let limiter = rateLimits.limiter(gateway: adapter.name, environment: call.environment, query: query, clock: clock)
    do throws(TransportError) {
      let exchange = try await transport.send(
        request, deadline: FetchDeadline(seconds: deadlineSeconds + BulkRequests.longestAskedWait), limiter: limiter,
        onRetry: { notices.append($0) },
        onPace: { [gateway, sink] in sink.writeError(FetchPipeline.paceLine($0, gateway, query)) })
      return Answer(query: query, call: call, result: .success(exchange))
    } catch {
      return Answer(query: query, call: call, result: .failure(error))
    }
  }
}
