import PayshJSON

/// A script's consecutive `fetch` lines, live: through the ordered pipeline (`OrderedWork`) one request at a
/// time, each answer stored and shown while the next line's request is out, so the store's commit costs a
/// script no time of its own. A line's request goes out only once the answer before it is in and will not
/// fail its line; a line that fails (its answer refused, not stored, or none came) stops the script there,
/// as any failing line does, and an answer that came behind it is dropped unstored and unshown.
extension Interpreter {
  /// What one line's request brought back, before anything is stored.
  enum FetchLineAnswer: Sendable {
    /// The line could not send its request (a bad id, no credentials): the error it fails with.
    case refused(Diagnostic)
    case answered(Exchange, FetchQuery, GatewayCall, AnswerReading, clean: Bool, notices: [RetryNotice])
    /// No HTTP answer came (the request as sent, for the line's error).
    case noAnswer(TransportError, OutgoingRequest, notices: [RetryNotice])
    /// Fetched on the shell's task when its turn comes, not ahead: EnKash, whose token may need getting or
    /// renewing (a 401) through the shell's credentials.
    case inTurn
  }

  /// The plain `fetch` lines from `start` on (live, in a script, not `--from`): what goes through the pipeline.
  func fetchRun(_ bound: [(any CommandHandler, Invocation)], from start: Int) -> Range<Int> {
    guard mode == .script, services.recorded == nil else { return start..<start }
    var end = start
    while end < bound.count, bound[end].0 is FetchCommand, bound[end].1.value("from") == nil { end += 1 }
    return start..<end
  }

  /// Runs the fetch lines `lines` of `bound` through the pipeline; returns how many ran and the status of
  /// the last one (a failing line stops the run; `runChecked` then stops the script as for any line).
  func runFetchLines(
    _ bound: [(any CommandHandler, Invocation)], _ lines: Range<Int>
  ) async -> (ran: Int, status: ExitStatus) {
    let first = bound[lines.lowerBound].1
    let gateway: GatewayContext
    do {
      try FetchPipeline.checkWritable(self, first)
      gateway = try await GatewayContext.current(self, first)
    } catch {
      // Said by the line itself, run on its own.
      return (1, await execute(bound[lines.lowerBound].0, first))
    }
    let transport = services.transport
    let sink = self.sink
    var ran = 0
    var last = ExitStatus.ok
    _ = try? await OrderedWork.run(
      count: lines.count, width: 1,
      start: { offset in self.fetchLineWork(bound[lines.lowerBound + offset].1, gateway, transport, sink) },
      goesOn: { _, answer in if case .answered(_, _, _, _, let clean, _) = answer { clean } else { false } },
      finish: { offset, answer in
        let invocation = bound[lines.lowerBound + offset].1
        let settled = SettledFetch(answer: answer, gateway: gateway)
        last = await self.execute(settled, invocation)
        ran += 1
        if self.quitStatus != nil || Task.isCancelled { return false }
        if last == .runtime || last == .usage || last == .syntax { return false }
        return !(self.failFast && last == .expectation)
      })
    return (max(ran, 1), last)
  }

  /// The request of one fetch line, made here (on the shell's task: its words expanded, its id checked, its
  /// call made), and the work that sends it on the pool.
  func fetchLineWork(
    _ invocation: Invocation, _ gateway: GatewayContext, _ transport: HTTPTransport, _ sink: any OutputSink
  ) -> @Sendable () async -> FetchLineAnswer {
    let prepared: (FetchQuery, GatewayCall, OutgoingRequest, FetchDeadline, RateLimiter)
    let pipeline = FetchPipeline(shell: self, gateway: gateway, invocation: invocation)
    do {
      try pipeline.checkWritable()
      let query = try FetchCommand.query(invocation, self)
      guard gateway.adapter.supports(query) else {
        throw invocation.error(
          "\(gateway.adapter.name) cannot fetch the \(query)", hint: "`help fetch` lists what each gateway answers")
      }
      if gateway.adapter is EnKashAdapter { return { .inTurn } }
      let call = try pipeline.newCall()
      prepared = (
        query, call, try pipeline.build(query, call), try FetchPipeline.deadline(self, invocation),
        pipeline.limiter(for: query)
      )
    } catch {
      let diagnostic = error as? Diagnostic ?? invocation.error("fetch failed: \(error)")
      return { .refused(diagnostic) }
    }
    let (query, call, request, deadline, limiter) = prepared
    let redactor = services.redactor
    let adapter = gateway.adapter
    let pace = { @Sendable (milliseconds: Int) in FetchPipeline.paceLine(milliseconds, gateway, query) }
    return {
      var notices: [RetryNotice] = []
      do throws(TransportError) {
        let exchange = try await transport.send(
          request, deadline: deadline, limiter: limiter, onRetry: { notices.append($0) },
          onPace: { sink.writeError(pace($0)) })
        let response = exchange.response
        let reading = AnswerReading(
          status: response.status, headers: response.headers, body: response.body, redactor: redactor)
        let clean =
          reading.problem == nil
          && adapter.problem(status: response.status, body: reading.body, call: call, query: query) == nil
        return .answered(exchange, query, call, reading, clean: clean, notices: notices)
      } catch {
        return .noAnswer(error, request, notices: notices)
      }
    }
  }
}

/// A fetch line whose request went out through the pipeline: run, in its turn, as the line itself (its
/// answer stored, then shown; its error thrown), so the interpreter logs and judges it as any line.
struct SettledFetch: CommandHandler {
  static let fetchSpec = FetchCommand().spec
  let answer: Interpreter.FetchLineAnswer
  let gateway: GatewayContext
  var spec: CommandSpec { SettledFetch.fetchSpec }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let pipeline = FetchPipeline(shell: shell, gateway: gateway, invocation: invocation)
    switch answer {
    case .refused(let diagnostic):
      throw diagnostic
    case .inTurn:
      try await FetchCommand().run(invocation, in: shell)
    case .noAnswer(let error, let request, let notices):
      for notice in notices { shell.output.writeError(notice.line) }
      if case .cancelled = error { throw CancellationError() }
      throw pipeline.failure(error, request)
    case .answered(let exchange, let query, let call, let reading, _, let notices):
      for notice in notices { shell.output.writeError(notice.line) }
      let outcome = try pipeline.store(exchange, query: query, call: call, reading: reading)
      try FetchCommand.show(outcome, query, gateway, invocation, shell)
    }
  }
}
