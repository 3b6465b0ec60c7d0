import PayshJSON

/// `fetch --from FILE [part]` and `case --from FILE`: many orders, as fast as the gateway's rate limit
/// allows. The requests overlap (`--jobs`, under the limiters); each answer is stored, then shown, in the
/// file's order (`OrderedWork`); the summary and `--out` rows come at the end. Ctrl-C stops it cleanly:
/// every answer is stored whole or dropped, and `--resume` goes on where it stopped.
struct BulkRun {
  /// What is asked of each id.
  enum Work: Sendable {
    /// `fetch --from`: the order, or one part of it.
    case fetch(FetchQuery.Part)
    /// `case --from`: the order and every part, judged.
    case judge(CheckThresholds)
  }

  let shell: Interpreter
  let invocation: Invocation
  let options: BulkOptions
  let work: Work

  func run() async throws {
    try FetchPipeline.checkWritable(shell, invocation)
    let list = try options.ids(invocation, shell)
    let gateway = try await GatewayContext.current(shell, invocation)
    var pipeline = FetchPipeline(shell: shell, gateway: gateway, invocation: invocation)
    pipeline.errorsFailTheLine = false
    let (work, adapter) = (self.work, gateway.adapter)
    let queries: @Sendable (String) -> [FetchQuery] = { id in BulkRun.queries(id, work, adapter) }
    guard let first = list.entries.first, gateway.adapter.supports(queries(first.id)[0]) else {
      throw invocation.error(
        "\(gateway.adapter.name) cannot fetch the \(queries(list.entries.first?.id ?? "ORDER")[0])",
        hint: "`help fetch` lists what each gateway answers")
    }
    // The answers are read (`--resume`) and written without the store's memory map, which would keep what
    // they read of the store resident (`SessionStore.mapReads`): put back as it was when the run ends (a
    // store that cannot take the pragma then is broken, and its next read says so).
    let log = shell.services.snapshots as? StoredSnapshotLog
    let mapped = log?.mapsReads ?? true
    try log?.mapReads(false)
    defer { try? log?.mapReads(mapped) }
    let answered = options.resume ? try answeredIDs(gateway, among: Set(list.entries.lazy.map(\.id))) : [:]
    // The place in the file of each id to ask (its id is read from the list when it is sent and stored: no
    // copy of every id is kept for the run).
    let todo = list.entries.indices.filter { answered.isEmpty || answered[list.entries.id(at: $0)] == nil }
    var out = try options.out.map { path throws(StoreError) in try BulkOutFile(path: path) }
    var tally = BulkTally(total: list.entries.count, skippedLines: list.skipped.count, resumed: answered.count)
    if options.resume {
      shell.output.writeError(
        "resuming: \(Counted.text(answered.count, "id")) of the file answered in this session already, "
          + "\(todo.count) to go\n")
    }
    // The rows of ids answered before, written in their places in the file between the new ones.
    var written = 0
    func writeAnswered(upTo place: Int) throws {
      while written < place {
        let entry = list.entries[written]
        written += 1
        if let file = out, let number = answered[entry.id], let row = try storedRow(entry.id, number, gateway) {
          try file.write(row)
          tally.addResumed(row)
        }
      }
    }
    if gateway.environment == "local", let root = gateway.simulatorRoot {
      shell.services.rateLimits.setLocalRate(await BulkRun.clockRate(root))
    }
    let call = try await pipeline.sharedCall()
    let deadlineSeconds = try FetchPipeline.deadline(shell, invocation).seconds
    let token = (gateway.adapter as? EnKashAdapter).map {
      BulkToken(adapter: $0, transport: shell.services.transport, token: call.token, deadlineSeconds: deadlineSeconds)
    }
    let requests = BulkRequests(
      gateway: gateway, sink: shell.output, call: call, transport: shell.services.transport,
      rateLimits: shell.services.rateLimits, clock: shell.services.clock, deadlineSeconds: deadlineSeconds,
      token: token)
    let progress = options.progress ? shell.services.progress : nil
    let slowedBefore = shell.services.rateLimits.slowdowns
    let started = Clock.now()
    let width = String(list.entries.count).count
    var position = 0
    var refusals = RefusalRun()
    let ending: OrderedWork.Ending
    do {
      ending = try await OrderedWork.run(
        count: todo.count, width: options.jobs,
        start: { index in
          let asked = queries(list.entries.id(at: todo[index]))
          return { await requests.send(asked) }
        },
        finish: { index, sent in
          if sent.cancelled || Task.isCancelled { return false }
          position = todo[index] + 1
          tally.retries += sent.notices.count
          await self.hold(token, call, key: gateway.key)
          let row = try self.store(list.entries.id(at: todo[index]), sent, pipeline, gateway)
          tally.add(row)
          progress?.clear()
          shell.output.write(BulkRun.line(row, position: position, of: list.entries.count, width: width))
          progress?.draw(tally.progressText(elapsed: Clock.now() - started))
          try writeAnswered(upTo: todo[index])
          written = todo[index] + 1
          try out?.write(row)
          return refusals.goesOn(after: row)
        })
    } catch {
      await hold(token, call, key: gateway.key)  // a refused renewal is kept, whatever stopped the run
      throw error
    }
    progress?.clear()
    await hold(token, call, key: gateway.key)
    if !ending.stopped { try writeAnswered(upTo: list.entries.count) }
    try out?.close()
    out = nil
    tally.elapsed = Clock.now() - started
    tally.slowdowns = shell.services.rateLimits.slowdowns - slowedBefore
    shell.output.write(tally.summary(from: options.from == "-" ? "stdin" : options.from))
    let command = "\(invocation.spec.name) --from \(ShellWord.argument(options.from)) --resume"
    if let refused = refusals.stoppedBy {
      let why =
        await token?.renewalFailed == true
        ? "EnKash's token expired and a new one could not be got (said above)"
        : "the gateway refuses these credentials"
      throw invocation.error(
        "stopped after \(tally.done) of \(todo.count) ids to ask: the last \(RefusalRun.stopAfter) were refused "
          + "(\(refused)); \(why), so no more ids were asked (those already on their way were dropped)",
        hint: "check the credentials (`auth`), then `\(command)` goes on")
    }
    if ending.stopped {
      shell.output.writeError(
        "stopped after \(tally.done) of \(todo.count) ids to ask (line \(position) of the file's \(list.entries.count)); "
          + "every answer shown is stored; `\(command)` in this session goes on (in a new paysh, `save` or `open` "
          + "the session first)\n")
      throw CancellationError()
    }
  }

  /// The queries of one id.
  static func queries(_ id: String, _ work: Work, _ adapter: any GatewayAdapter) -> [FetchQuery] {
    switch work {
    case .fetch(let part): [part.query(order: id)]
    case .judge: adapter.caseQueries(order: id)
    }
  }

  /// The simulator's clock rate (its seconds per real second), from its admin API; 1 when it cannot say.
  static func clockRate(_ root: String) async -> Double {
    let request = OutgoingRequest(method: "GET", url: root + "/_sim/clock")
    guard case .success(let answer) = await ListenSession.send(request, timeout: 5_000_000), answer.status == 200,
      let rate = (try? JSONParser.parse(answer.body))?["rate"]?.numberValue.flatMap({ Double($0.text) })
    else { return 1 }
    return rate
  }

  /// `  12/200  cf_sim_paid  paid (PAID)  INR 1100.00  @37`.
  static func line(_ row: BulkRow, position: Int, of total: Int, width: Int) -> String {
    let place = String(repeating: " ", count: max(0, width - String(position).count)) + "\(position)/\(total)"
    var parts = [place, TerminalText.inline(row.id)]
    if !row.status.isEmpty {
      let raw = row.rawStatus.isEmpty || row.rawStatus == row.status ? "" : " (\(TerminalText.inline(row.rawStatus)))"
      parts.append(TerminalText.inline(row.status) + raw)
      if let amount = row.amount { parts.append(amount.description) }
      if !row.verdicts.isEmpty { parts.append(row.verdicts.joined(separator: ", ")) }
    }
    if !row.error.isEmpty { parts.append(TerminalText.inline(row.error)) }
    if !row.snapshot.isEmpty { parts.append(row.snapshot) }
    return parts.joined(separator: "  ") + "\n"
  }
}

/// The ids refused in a row (HTTP 401: the gateway refuses the credentials, after any renewal of the
/// token; not a 403, which may be one order's or one endpoint's access): at `stopAfter` the run stops,
/// rather than send every id left credentials that are refused (a gateway may lock or flag a key that keeps
/// failing).
struct RefusalRun {
  static let stopAfter = 5
  private var count = 0
  /// What the last refusal said, once the run is stopped by them.
  private(set) var stoppedBy: String?

  /// False when `row` makes `stopAfter` refusals in a row.
  mutating func goesOn(after row: BulkRow) -> Bool {
    guard row.errorKind == "HTTP 401" else {
      count = 0
      return true
    }
    count += 1
    guard count >= RefusalRun.stopAfter else { return true }
    stoppedBy = row.error
    return false
  }
}
