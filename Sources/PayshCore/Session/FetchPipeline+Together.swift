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
    let sent = await BulkRequests.together(
      Array(zip(requests, queries.map(limiter(for:)))), transport: shell.services.transport, deadline: deadline)
    return sent.enumerated().map { index, one in
      for notice in one.notices { shell.output.writeError(notice.line) }
      let result = one.result.mapError { failure($0, requests[index]) }
      let cancelled: Bool = if case .failure(.cancelled) = one.result { true } else { false }
      return Answer(query: queries[index], result: result, call: call, cancelled: cancelled)
    }
  }
}
