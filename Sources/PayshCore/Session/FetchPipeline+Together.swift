extension FetchPipeline {
  /// One query's live answer, or why there is none (one line, as `fetch` would say it).
  struct Answer {
    var query: FetchQuery
    var result: Result<Exchange, Diagnostic>
    var call: GatewayCall
    /// True when this request was stopped by Ctrl-C (the others' answers may have come).
    var cancelled = false
  }

  /// The live answers to `queries`, their requests sent together, in the order asked. Credentials and the
  /// token are settled first, once; each request then has its own retries within the one deadline, and the
  /// retry lines are written when all are in (none is lost, none interleaves another's). A query that can
  /// have no request (the gateway cannot answer it) throws before anything is sent. Ctrl-C stops the requests
  /// still out; those are `cancelled`, and the answers that came are given back all the same.
  func exchangeTogether(_ queries: [FetchQuery]) async throws -> [Answer] {
    if queries.count == 1, let query = queries.first {
      // One request (Paytring, EnKash): the ordinary path, with EnKash's token renewal on a 401.
      let (exchange, call) = try await exchange(query)
      return [Answer(query: query, result: .success(exchange), call: call)]
    }
    try checkWritable()
    let deadline = try FetchPipeline.deadline(shell, invocation)
    let call = try newCall()
    let requests = try queries.map { try build($0, call) }
    let limiters = queries.map(limiter(for:))
    let transport = shell.services.transport
    typealias Sent = (index: Int, result: Result<Exchange, TransportError>, notices: [RetryNotice])
    let sent: [Sent] = await withTaskGroup(of: Sent.self) { group in
      for (index, request) in requests.enumerated() {
        group.addTask {
          var notices: [RetryNotice] = []
          do throws(TransportError) {
            let exchange = try await transport.send(
              request, deadline: deadline, limiter: limiters[index], onRetry: { notices.append($0) })
            return (index, .success(exchange), notices)
          } catch {
            return (index, .failure(error), notices)
          }
        }
      }
      var all: [Sent] = []
      for await one in group { all.append(one) }
      return all.sorted { $0.index < $1.index }
    }
    return sent.map { one in
      for notice in one.notices { shell.output.writeError(notice.line) }
      let result = one.result.mapError { failure($0, requests[one.index]) }
      let cancelled: Bool = if case .failure(.cancelled) = one.result { true } else { false }
      return Answer(query: queries[one.index], result: result, call: call, cancelled: cancelled)
    }
  }
}
